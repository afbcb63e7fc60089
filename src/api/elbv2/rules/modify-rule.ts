import type { ModifyRuleInput, ModifyRuleOutput } from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import type { ElbOperation } from '../deps.js'
import { checkForwardTargets, requireListener, requireRule } from '../resolve.js'
import { defaultRuleView, ruleView } from '../views.js'
import { checkActions } from './check-actions.js'
import { checkConditions } from './check-conditions.js'

/**
 * Replaces a rule's conditions and/or actions. The default rule takes actions (they are its
 * listener's default actions) but no conditions.
 */
export const modifyRule: ElbOperation<ModifyRuleInput, ModifyRuleOutput> = async (input, deps) => {
  const conditions = input.Conditions ? checkConditions(input.Conditions) : undefined
  return deps.store.txn(async (tx) => {
    const found = await requireRule(tx, input.RuleArn)
    if (found.kind === 'default') {
      if (input.Conditions?.length) throw ElbErrors.operationNotPermitted("You can't add conditions to the default rule")
      if (!input.Actions) return { Rules: [defaultRuleView(found.listener)] }
      const actions = checkActions(input.Actions, found.listener.protocol)
      await checkForwardTargets(tx, actions, found.listener.loadBalancerArn, found.listener.arn)
      const listener = { ...found.listener, defaultActions: actions }
      await tx.listeners.put(listener)
      return { Rules: [defaultRuleView(listener)] }
    }
    const listener = await requireListener(tx, found.rule.listenerArn)
    const actions = input.Actions ? checkActions(input.Actions, listener.protocol) : found.rule.actions
    await checkForwardTargets(tx, actions, found.rule.loadBalancerArn, found.rule.arn)
    const rule = { ...found.rule, conditions: conditions ?? found.rule.conditions, actions }
    await tx.rules.put(rule)
    return { Rules: [ruleView(rule)] }
  })
}
