import type { DeleteLogStreamRequest } from '../../../core/aws-model/logs.types.js'
import type { LogsOperation } from '../deps.js'
import { ALL_EVENTS, expireInBatches } from '../expire-in-batches.js'
import { checkGroupName, checkStreamName, requireGroup, requireStream } from '../resolve.js'

/**
 * Deletes the stream and its events: the events in batches of their own transactions
 * (expire-in-batches.ts), then the stream with whatever was written to it since.
 */
export const deleteLogStream: LogsOperation<DeleteLogStreamRequest, object> = async (input, deps) => {
  const groupName = checkGroupName(input.logGroupName)
  const name = checkStreamName(input.logStreamName)
  const stream = await deps.store.read(async (tx) => requireStream(tx, await requireGroup(tx, groupName), name))
  await expireInBatches(deps.store, { streamId: stream.id }, ALL_EVENTS)
  return deps.store.txn(async (tx) => {
    const current = await requireStream(tx, await requireGroup(tx, groupName), name)
    await tx.logs.deleteStream(current.id)
    return {}
  })
}
