import type { DeleteLogGroupRequest } from '../../../core/aws-model/logs.types.js'
import type { LogsOperation } from '../deps.js'
import { checkGroupName, requireGroup } from '../resolve.js'

/** Deletes the group, its streams, their events and its tags, in one transaction. */
export const deleteLogGroup: LogsOperation<DeleteLogGroupRequest, object> = async (input, deps) => {
  const name = checkGroupName(input.logGroupName)
  return deps.store.txn(async (tx) => {
    const group = await requireGroup(tx, name)
    await tx.logs.deleteGroup(group.id)
    const arn = deps.arns.group(name)
    await tx.tags.remove(arn, (await tx.tags.get(arn)).map((t) => t.key))
    return {}
  })
}
