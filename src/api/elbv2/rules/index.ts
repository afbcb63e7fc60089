import { createRule } from './create-rule.js'
import { deleteRule } from './delete-rule.js'
import { describeRules } from './describe-rules.js'
import { modifyRule } from './modify-rule.js'
import { setRulePriorities } from './set-rule-priorities.js'

export const ruleOperations = {
  CreateRule: createRule,
  DescribeRules: describeRules,
  ModifyRule: modifyRule,
  DeleteRule: deleteRule,
  SetRulePriorities: setRulePriorities,
}
