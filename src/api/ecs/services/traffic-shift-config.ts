import type { LoadBalancer } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { findNamedRule, targetGroupLoadBalancers, type NamedRule } from '../../../core/model/elb-topology.js'
import type { ListenerRecord } from '../../../core/model/listener.js'
import type { RuleRecord } from '../../../core/model/rule.js'
import type { DeploymentStrategy } from '../../../core/model/service.js'
import type { ReadTx } from '../../../state/store.js'

/**
 * A BLUE_GREEN, LINEAR or CANARY service's load balancer against the ELBv2 records, as
 * elb-facts §7.6 lists the refusals (no verbatim ECS texts are known: these are Berth's):
 * one `loadBalancers` entry with an `advancedConfiguration`; an alternate target group that
 * exists, differs from `targetGroupArn` and has its target type; a production (and test) rule
 * that exists — a rule, or a listener's default rule as AWS's own sample names it — whose one
 * action forwards only to the pair, on a load balancer both groups are attached to. A ROLLING
 * service takes no advancedConfiguration: nothing would act on it.
 * Runs after checkLoadBalancerTargets (targetGroupArn exists, is attached, suits the network mode).
 */
export async function checkTrafficShiftConfig(tx: ReadTx, lbs: readonly LoadBalancer[], strategy: DeploymentStrategy): Promise<void> {
  if (strategy === 'ROLLING') {
    const i = lbs.findIndex((lb) => lb.advancedConfiguration !== undefined)
    if (i >= 0) {
      throw EcsErrors.invalidParameter(
        `loadBalancers[${i}].advancedConfiguration configures BLUE_GREEN, LINEAR and CANARY deployments; the deployment strategy is ROLLING. Give a strategy, or leave advancedConfiguration out.`,
      )
    }
    return
  }
  if (lbs.length === 0) {
    throw EcsErrors.invalidParameter(
      `The ${strategy} deployment strategy shifts traffic between two target groups of an Application Load Balancer: give a loadBalancers entry with an advancedConfiguration, or deploy with ROLLING.`,
    )
  }
  if (lbs.length > 1) {
    throw EcsErrors.invalidParameter(`The ${strategy} deployment strategy takes one loadBalancers entry (${lbs.length} were given): it shifts traffic on one pair of target groups.`)
  }
  const lb = lbs[0]!
  const adv = lb.advancedConfiguration
  if (!adv) {
    throw EcsErrors.invalidParameter(
      `loadBalancers[0].advancedConfiguration is required with the ${strategy} deployment strategy: the alternate target group, the production listener rule and the role.`,
    )
  }
  for (const member of ['alternateTargetGroupArn', 'productionListenerRule', 'roleArn'] as const) {
    if (!adv[member]) throw EcsErrors.invalidParameter(`loadBalancers[0].advancedConfiguration.${member} is required.`)
  }
  const blue = lb.targetGroupArn!
  const alternate = adv.alternateTargetGroupArn!
  if (alternate === blue) {
    throw EcsErrors.invalidParameter(`alternateTargetGroupArn must differ from targetGroupArn (both are ${blue}): a deployment shifts traffic from one to the other.`)
  }
  const [group, other] = [await tx.targetGroups.get(blue), await tx.targetGroups.get(alternate)]
  if (!other) throw EcsErrors.invalidParameter(`Unable to validate the specified alternateTargetGroupArn: the target group ${alternate} does not exist.`)
  if (group && group.targetType !== other.targetType) {
    throw EcsErrors.invalidParameter(`The alternate target group ${alternate} has target type ${other.targetType}; the target group ${blue} has ${group.targetType}. Both must have the same.`)
  }
  const listeners = await tx.listeners.list()
  const rules = await tx.rules.list()
  const production = checkRule('productionListenerRule', adv.productionListenerRule!, [blue, alternate], listeners, rules)
  for (const arn of [blue, alternate]) {
    if (!targetGroupLoadBalancers(arn, listeners, rules).includes(production.loadBalancerArn)) {
      throw EcsErrors.invalidParameter(
        `The target group ${arn} is not attached to the load balancer of the production listener rule (${production.loadBalancerArn}): a listener or rule of it must forward to both target groups.`,
      )
    }
  }
  if (adv.testListenerRule) {
    const test = checkRule('testListenerRule', adv.testListenerRule, [blue, alternate], listeners, rules)
    if (test.loadBalancerArn !== production.loadBalancerArn) {
      throw EcsErrors.invalidParameter(`The test listener rule ${test.ruleArn} belongs to another load balancer than the production listener rule (${production.loadBalancerArn}).`)
    }
  }
}

/** The rule exists, and its one action is a forward to groups of the pair only. */
function checkRule(member: string, arn: string, pair: readonly string[], listeners: readonly ListenerRecord[], rules: readonly RuleRecord[]): NamedRule {
  const rule = findNamedRule(arn, listeners, rules)
  if (!rule) throw EcsErrors.invalidParameter(`Unable to validate the specified ${member}: the listener rule ${arn} does not exist.`)
  const other = rule.actions.find((a) => a.type !== 'forward')
  if (other || rule.actions.length !== 1) {
    throw EcsErrors.invalidParameter(
      `The ${member} ${arn} must have a single forward action${other ? ` (it has a ${other.type} action)` : ''}: Berth shifts traffic by the weights of that forward.`,
    )
  }
  const strangers = rule.actions.flatMap((a) => (a.type === 'forward' ? a.targetGroups.map((g) => g.arn) : [])).filter((g) => !pair.includes(g))
  if (strangers.length > 0) {
    throw EcsErrors.invalidParameter(`The ${member} ${arn} forwards to ${strangers.join(', ')}, which is neither targetGroupArn nor alternateTargetGroupArn.`)
  }
  return rule
}
