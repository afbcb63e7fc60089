import type { DeleteRuleInput } from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import type { ElbOperation } from '../deps.js'
import { requireRule } from '../resolve.js'
import { dropTags } from '../tags.js'

/** "You can't delete the default rule." */
export const deleteRule: ElbOperation<DeleteRuleInput, object> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    const found = await requireRule(tx, input.RuleArn)
    if (found.kind === 'default') throw ElbErrors.operationNotPermitted('Default rules cannot be deleted')
    await tx.rules.delete(found.rule.arn)
    await dropTags(tx, found.rule.arn)
    return {}
  })
