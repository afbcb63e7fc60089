import type { CreateRuleInput, CreateRuleOutput } from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import { newElbId } from '../../../core/model/elb-arns.js'
import type { RuleRecord } from '../../../core/model/rule.js'
import { LIMITS, type ElbOperation } from '../deps.js'
import { checkForwardTargets, requireListener } from '../resolve.js'
import { addTags, checkTags } from '../tags.js'
import { ruleView } from '../views.js'
import { checkActions } from './check-actions.js'
import { checkConditions } from './check-conditions.js'

/** A rule on a free priority of its listener, within ELB's 100 rules a load balancer. */
export const createRule: ElbOperation<CreateRuleInput, CreateRuleOutput> = async (input, deps) => {
  const conditions = checkConditions(input.Conditions)
  const tags = checkTags(input.Tags)
  return deps.store.txn(async (tx) => {
    const listener = await requireListener(tx, input.ListenerArn)
    const actions = checkActions(input.Actions, listener.protocol)
    const rules = await tx.rules.forListener(listener.arn)
    if (rules.some((r) => r.priority === input.Priority)) throw ElbErrors.priorityInUse(input.Priority)
    if ((await tx.rules.countForLoadBalancer(listener.loadBalancerArn)) >= LIMITS.rulesPerLoadBalancer) throw ElbErrors.tooManyRules(LIMITS.rulesPerLoadBalancer)
    await checkForwardTargets(tx, actions, listener.loadBalancerArn)
    const rule: RuleRecord = {
      arn: deps.arns.rule(listener.arn, newElbId()),
      listenerArn: listener.arn,
      loadBalancerArn: listener.loadBalancerArn,
      priority: input.Priority,
      conditions,
      actions,
    }
    await tx.rules.put(rule)
    await addTags(tx, rule.arn, tags)
    return { Rules: [ruleView(rule)] }
  })
}
