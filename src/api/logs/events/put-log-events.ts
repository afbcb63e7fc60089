import type { PutLogEventsRequest, PutLogEventsResponse } from '../../../core/aws-model/logs.types.js'
import { retentionCutoff } from '../../../core/model/log.js'
import type { LogsOperation } from '../deps.js'
import { EXPIRE_BATCH } from '../expire-in-batches.js'
import { checkGroupName, checkStreamName, requireGroup, requireStream } from '../resolve.js'
import { sequenceToken } from '../views.js'
import { checkLogEventBatch, classifyLogEvents } from './check-events.js'

/**
 * Stores a batch at the end of a stream, keeping its order exactly (see core/model/log.ts).
 * `sequenceToken` is ignored, as AWS has ignored it since 2023: concurrent writers to one
 * stream are fine and InvalidSequenceTokenException never happens.
 */
export const putLogEvents: LogsOperation<PutLogEventsRequest, PutLogEventsResponse> = async (input, deps) => {
  const groupName = checkGroupName(input.logGroupName)
  const streamName = checkStreamName(input.logStreamName)
  checkLogEventBatch(input.logEvents)
  return deps.store.txn(async (tx) => {
    const group = await requireGroup(tx, groupName)
    const stream = await requireStream(tx, group, streamName)
    const now = deps.clock.now()
    const verdict = classifyLogEvents(input.logEvents, now, group.retentionInDays)
    const accepted = input.logEvents.slice(verdict.start, Math.max(verdict.start, verdict.end))
    await tx.logs.appendEvents(stream.id, accepted, now)
    const cutoff = retentionCutoff(group.retentionInDays, now)
    // At most a batch a write: the events past it are never read, and later writes take them.
    if (cutoff > 0) await tx.logs.expireEvents({ streamId: stream.id }, cutoff, EXPIRE_BATCH)
    return {
      nextSequenceToken: sequenceToken(stream.nextSequence + accepted.length),
      ...(verdict.rejected ? { rejectedLogEventsInfo: verdict.rejected } : {}),
    }
  })
}
