import type { DeleteListenerInput } from '../../../core/aws-model/elbv2.types.js'
import type { ElbOperation } from '../deps.js'
import { requireListener } from '../resolve.js'
import { dropTags } from '../tags.js'

/** Deletes the listener with its rules (and their tags). */
export const deleteListener: ElbOperation<DeleteListenerInput, object> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    const listener = await requireListener(tx, input.ListenerArn)
    for (const rule of await tx.rules.forListener(listener.arn)) {
      await tx.rules.delete(rule.arn)
      await dropTags(tx, rule.arn)
    }
    await tx.listeners.delete(listener.arn)
    await dropTags(tx, listener.arn)
    await dropTags(tx, listener.defaultRuleArn)
    return {}
  })
