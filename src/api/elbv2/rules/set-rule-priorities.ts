import type { SetRulePrioritiesInput, SetRulePrioritiesOutput } from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import type { RuleRecord } from '../../../core/model/rule.js'
import type { ElbOperation } from '../deps.js'
import { requireRule } from '../resolve.js'
import { ruleView } from '../views.js'
import { checkNewPriorities } from './priorities.js'

/**
 * Moves rules to new priorities together, so two rules may swap; a priority a rule not named
 * here holds is PriorityInUse. The default rule's priority cannot change.
 */
export const setRulePriorities: ElbOperation<SetRulePrioritiesInput, SetRulePrioritiesOutput> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    const moves: { rule: RuleRecord; priority: number }[] = []
    for (const pair of input.RulePriorities) {
      if (pair.RuleArn === undefined || pair.Priority === undefined) throw ElbErrors.validation('Each rule priority pair needs a RuleArn and a Priority')
      const found = await requireRule(tx, pair.RuleArn)
      if (found.kind === 'default') throw ElbErrors.operationNotPermitted("The default rule's priority cannot be changed")
      moves.push({ rule: found.rule, priority: pair.Priority })
    }
    const listeners = new Set(moves.map((m) => m.rule.listenerArn))
    const others: RuleRecord[] = []
    for (const l of listeners) others.push(...(await tx.rules.forListener(l)))
    checkNewPriorities(moves.map((m) => ({ arn: m.rule.arn, listenerArn: m.rule.listenerArn, priority: m.priority })), others)
    // Out of the way first: the table keeps priorities unique per listener at every statement.
    for (const m of moves) await tx.rules.delete(m.rule.arn)
    const moved = moves.map((m) => ({ ...m.rule, priority: m.priority }))
    for (const r of moved) await tx.rules.put(r)
    return { Rules: moved.map(ruleView) }
  })
