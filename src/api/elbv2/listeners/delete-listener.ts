import type { DeleteListenerInput } from '../../../core/aws-model/elbv2.types.js'
import type { ListenerRecord } from '../../../core/model/listener.js'
import type { WriteTx } from '../../../state/store.js'
import type { ElbOperation } from '../deps.js'
import { requireListener } from '../resolve.js'
import { dropTags } from '../tags.js'

/** Deletes the listener with its rules (and their tags). */
export const deleteListener: ElbOperation<DeleteListenerInput, object> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    await removeListener(tx, await requireListener(tx, input.ListenerArn))
    return {}
  })

/** A listener, its rules and its default rule gone, with their tags (DeleteListener, DeleteLoadBalancer). */
export async function removeListener(tx: WriteTx, listener: ListenerRecord): Promise<void> {
  for (const rule of await tx.rules.forListener(listener.arn)) {
    await tx.rules.delete(rule.arn)
    await dropTags(tx, rule.arn)
  }
  await tx.listeners.delete(listener.arn)
  await dropTags(tx, listener.arn)
  await dropTags(tx, listener.defaultRuleArn)
}
