import type { ModifyTargetGroupInput, ModifyTargetGroupOutput } from '../../../core/aws-model/elbv2.types.js'
import { targetGroupLoadBalancers } from '../../../core/model/elb-topology.js'
import type { ElbOperation } from '../deps.js'
import { requireTargetGroup, topology } from '../resolve.js'
import { targetGroupView } from '../views.js'
import { healthCheckSettings } from './health-check.js'

/** Changes the health-check settings; what the request leaves out keeps its value. */
export const modifyTargetGroup: ElbOperation<ModifyTargetGroupInput, ModifyTargetGroupOutput> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    const group = await requireTargetGroup(tx, input.TargetGroupArn)
    const next = { ...group, healthCheck: healthCheckSettings(input, group.healthCheck) }
    await tx.targetGroups.put(next)
    const t = await topology(tx)
    return { TargetGroups: [{ ...targetGroupView(next, []), LoadBalancerArns: targetGroupLoadBalancers(next.arn, t.listeners, t.rules) }] }
  })
