import type { DescribeTargetGroupsInput, DescribeTargetGroupsOutput } from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import { targetGroupLoadBalancers } from '../../../core/model/elb-topology.js'
import type { TargetGroupRecord } from '../../../core/model/target-group.js'
import type { ElbOperation } from '../deps.js'
import { page } from '../pagination.js'
import { requireLoadBalancer, topology } from '../resolve.js'
import { targetGroupView } from '../views.js'

/** All groups, or those of one load balancer, or named by ARN or name (one of the three). */
export const describeTargetGroups: ElbOperation<DescribeTargetGroupsInput, DescribeTargetGroupsOutput> = async (input, deps) => {
  const given = [input.LoadBalancerArn !== undefined, !!input.TargetGroupArns?.length, !!input.Names?.length].filter(Boolean).length
  if (given > 1) throw ElbErrors.validation('Target group names, target group ARNs, and a load balancer ARN cannot be specified at the same time')
  const { groups, listeners, rules } = await deps.store.read(async (tx) => {
    const t = await topology(tx)
    let groups: TargetGroupRecord[]
    if (input.LoadBalancerArn !== undefined) {
      await requireLoadBalancer(tx, input.LoadBalancerArn)
      groups = (await tx.targetGroups.list()).filter((g) => targetGroupLoadBalancers(g.arn, t.listeners, t.rules).includes(input.LoadBalancerArn!))
    } else if (input.TargetGroupArns?.length) {
      groups = []
      for (const arn of input.TargetGroupArns) {
        const g = await tx.targetGroups.get(arn)
        if (!g) throw ElbErrors.targetGroupNotFound(arn)
        groups.push(g)
      }
    } else if (input.Names?.length) {
      groups = []
      for (const name of input.Names) {
        const g = await tx.targetGroups.byName(name)
        if (!g) throw ElbErrors.targetGroupNotFound()
        groups.push(g)
      }
    } else {
      groups = (await tx.targetGroups.list()).sort((a, b) => a.createdAt - b.createdAt || a.arn.localeCompare(b.arn))
    }
    return { groups, ...t }
  })
  const { items, nextMarker } = page(groups, input.Marker, input.PageSize)
  return {
    TargetGroups: items.map((g) => ({ ...targetGroupView(g, []), LoadBalancerArns: targetGroupLoadBalancers(g.arn, listeners, rules) })),
    ...(nextMarker ? { NextMarker: nextMarker } : {}),
  }
}
