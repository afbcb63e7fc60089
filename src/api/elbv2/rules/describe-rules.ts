import type { DescribeRulesInput, DescribeRulesOutput, Rule } from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import type { ElbOperation } from '../deps.js'
import { page } from '../pagination.js'
import { requireListener, requireRule } from '../resolve.js'
import { defaultRuleView, ruleView } from '../views.js'

/** A listener's rules by priority with its default rule last, or rules by ARN (default rules included). */
export const describeRules: ElbOperation<DescribeRulesInput, DescribeRulesOutput> = async (input, deps) => {
  const byArn = input.RuleArns?.length ? input.RuleArns : undefined
  if (!byArn && input.ListenerArn === undefined) throw ElbErrors.validation('You must specify either listener rule ARNs or a listener ARN')
  if (byArn && input.ListenerArn !== undefined) throw ElbErrors.validation('Listener rule ARNs and a listener ARN cannot be specified at the same time')
  const rules = await deps.store.read(async (tx): Promise<Rule[]> => {
    if (byArn) {
      const out: Rule[] = []
      for (const arn of byArn) {
        const found = await requireRule(tx, arn)
        out.push(found.kind === 'rule' ? ruleView(found.rule) : defaultRuleView(found.listener))
      }
      return out
    }
    const listener = await requireListener(tx, input.ListenerArn!)
    return [...(await tx.rules.forListener(listener.arn)).map(ruleView), defaultRuleView(listener)]
  })
  const { items, nextMarker } = page(rules, input.Marker, input.PageSize)
  return { Rules: items, ...(nextMarker ? { NextMarker: nextMarker } : {}) }
}
