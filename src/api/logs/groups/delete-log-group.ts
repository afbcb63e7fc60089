import type { DeleteLogGroupRequest } from '../../../core/aws-model/logs.types.js'
import type { LogsOperation } from '../deps.js'
import { ALL_EVENTS, expireInBatches } from '../expire-in-batches.js'
import { checkGroupName, requireGroup } from '../resolve.js'

/**
 * Deletes the group, its streams, their events and its tags. The events go first, in batches
 * of their own transactions (expire-in-batches.ts), so a large group never holds the store or
 * the event loop; meanwhile readers see the group emptying. Then one transaction deletes the
 * group with whatever was written to it since, its streams and its tags.
 */
export const deleteLogGroup: LogsOperation<DeleteLogGroupRequest, object> = async (input, deps) => {
  const name = checkGroupName(input.logGroupName)
  const group = await deps.store.read((tx) => requireGroup(tx, name))
  await expireInBatches(deps.store, { groupId: group.id }, ALL_EVENTS)
  return deps.store.txn(async (tx) => {
    const current = await requireGroup(tx, name)
    await tx.logs.deleteGroup(current.id)
    const arn = deps.arns.group(name)
    await tx.tags.remove(arn, (await tx.tags.get(arn)).map((t) => t.key))
    return {}
  })
}
