import type { LoadBalancer, TaskDefinition } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { targetGroupLoadBalancers } from '../../../core/model/elb-topology.js'
import type { ReadTx } from '../../../state/store.js'

/**
 * A service's `loadBalancers` against the ELBv2 records, as ECS checks them at CreateService
 * and UpdateService: the target group exists, a listener or rule forwards to it, and its
 * target type suits the task definition's network mode. Berth has no Classic Load Balancers.
 */
export async function checkLoadBalancerTargets(tx: ReadTx, lbs: readonly LoadBalancer[], td: TaskDefinition): Promise<void> {
  if (lbs.length === 0) return
  const listeners = await tx.listeners.list()
  const rules = await tx.rules.list()
  const mode = td.networkMode ?? 'bridge'
  for (const lb of lbs) {
    if (lb.loadBalancerName !== undefined) {
      throw EcsErrors.invalidParameter(`loadBalancerName ${lb.loadBalancerName}: Berth has no Classic Load Balancers; name an Application Load Balancer target group with targetGroupArn.`)
    }
    const arn = lb.targetGroupArn!
    const group = await tx.targetGroups.get(arn)
    if (!group) throw EcsErrors.invalidParameter(`Unable to validate the specified targetGroupArn: the target group ${arn} does not exist.`)
    if (targetGroupLoadBalancers(arn, listeners, rules).length === 0) {
      throw EcsErrors.invalidParameter(`The target group with targetGroupArn ${arn} does not have an associated load balancer.`)
    }
    const wants = mode === 'awsvpc' ? 'ip' : 'instance'
    if (group.targetType !== wants) {
      throw EcsErrors.invalidParameter(
        `The provided target group ${arn} has target type ${group.targetType}, which is incompatible with the ${mode} network mode specified in the task definition.`,
      )
    }
  }
}
