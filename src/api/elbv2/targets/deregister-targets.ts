import type { DeregisterTargetsInput } from '../../../core/aws-model/elbv2.types.js'
import { targetGroupsInUse } from '../../../core/model/elb-topology.js'
import { deregistered } from '../../../core/model/target.js'
import { nowSeconds, type ElbOperation } from '../deps.js'
import { requireTargetGroup, topology } from '../resolve.js'
import { InstanceIndex, checkTarget } from './check-target.js'

/**
 * A target of a group that serves a load balancer drains (the LB controller removes it after
 * the deregistration delay); one of a group that serves none is removed at once. A target not
 * registered: success, as on AWS.
 */
export const deregisterTargets: ElbOperation<DeregisterTargetsInput, object> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    const group = await requireTargetGroup(tx, input.TargetGroupArn)
    const t = await topology(tx)
    const inUse = targetGroupsInUse(t.listeners, t.rules).has(group.arn)
    const instances = new InstanceIndex()
    for (const d of input.Targets) {
      // The form is checked; a deregistered instance may still be drained away.
      const target = await checkTarget(tx, group, d, instances).catch(() => ({ id: d.Id, port: d.Port ?? group.port }))
      const existing = await tx.targets.get(group.arn, target.id, target.port)
      if (!existing || existing.state === 'draining') continue
      if (inUse) await tx.targets.put(deregistered(existing, nowSeconds(deps)))
      else await tx.targets.delete(group.arn, target.id, target.port)
    }
    return {}
  })
