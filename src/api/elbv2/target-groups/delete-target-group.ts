import type { DeleteTargetGroupInput } from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import { targetGroupsInUse } from '../../../core/model/elb-topology.js'
import type { ElbOperation } from '../deps.js'
import { topology } from '../resolve.js'
import { dropTags } from '../tags.js'

/**
 * Deletes a group no listener or rule forwards to (weight 0 still counts), with its targets
 * and tags. A group that does not exist: success, as the model lists no not-found error.
 */
export const deleteTargetGroup: ElbOperation<DeleteTargetGroupInput, object> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    const group = await tx.targetGroups.get(input.TargetGroupArn)
    if (!group) return {}
    const t = await topology(tx)
    if (targetGroupsInUse(t.listeners, t.rules).has(group.arn)) throw ElbErrors.targetGroupInUse(group.arn)
    await tx.targets.deleteForTargetGroup(group.arn)
    await tx.targetGroups.delete(group.arn)
    await dropTags(tx, group.arn)
    return {}
  })
