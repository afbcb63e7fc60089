import type { DeleteLogStreamRequest } from '../../../core/aws-model/logs.types.js'
import type { LogsOperation } from '../deps.js'
import { checkGroupName, checkStreamName, requireGroup, requireStream } from '../resolve.js'

/** Deletes the stream and its events, in one transaction. */
export const deleteLogStream: LogsOperation<DeleteLogStreamRequest, object> = async (input, deps) => {
  const groupName = checkGroupName(input.logGroupName)
  const name = checkStreamName(input.logStreamName)
  return deps.store.txn(async (tx) => {
    const stream = await requireStream(tx, await requireGroup(tx, groupName), name)
    await tx.logs.deleteStream(stream.id)
    return {}
  })
}
