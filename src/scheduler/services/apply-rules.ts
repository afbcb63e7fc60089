import type { RuleAction } from '../../core/model/rule-action.js'
import type { WriteTx } from '../../state/store.js'
import { elbReads } from './elb-reads.js'

/**
 * Writes a blue/green shift's new forward weights: to the rule's row, or, for a listener's
 * default rule, to the listener's defaultActions (its one home, listener.ts). A rule deleted
 * since the plan was made is left alone.
 */
export async function applyRules(tx: WriteTx, writes: readonly { ruleArn: string; actions: RuleAction[] }[]): Promise<void> {
  if (writes.length === 0) return
  const listeners = elbReads(tx)
  for (const { ruleArn, actions } of writes) {
    const rule = await tx.rules.get(ruleArn)
    if (rule) {
      await tx.rules.put({ ...rule, actions })
      continue
    }
    // The listener found in a read of them, written from its own row.
    const arn = (await listeners.listeners()).find((l) => l.defaultRuleArn === ruleArn)?.arn
    const listener = arn === undefined ? undefined : await tx.listeners.get(arn)
    if (listener) await tx.listeners.put({ ...listener, defaultActions: actions })
  }
}
