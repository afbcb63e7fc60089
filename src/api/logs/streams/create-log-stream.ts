import type { CreateLogStreamRequest } from '../../../core/aws-model/logs.types.js'
import { LogsErrors } from '../../../core/errors.js'
import type { LogsOperation } from '../deps.js'
import { checkGroupName, checkStreamName, requireGroup } from '../resolve.js'

export const createLogStream: LogsOperation<CreateLogStreamRequest, object> = async (input, deps) => {
  const groupName = checkGroupName(input.logGroupName)
  const name = checkStreamName(input.logStreamName)
  return deps.store.txn(async (tx) => {
    const group = await requireGroup(tx, groupName)
    if (await tx.logs.stream(group.id, name)) throw LogsErrors.streamExists()
    await tx.logs.createStream(group.id, name, deps.clock.now())
    return {}
  })
}
