import type { RuleAction } from '../../core/model/rule-action.js'
import type { WriteTx } from '../../state/store.js'

/**
 * Writes a blue/green shift's new forward weights: to the rule's row, or, for a listener's
 * default rule, to the listener's defaultActions (its one home, listener.ts). A rule deleted
 * since the plan was made is left alone.
 */
export async function applyRules(tx: WriteTx, writes: readonly { ruleArn: string; actions: RuleAction[] }[]): Promise<void> {
  for (const { ruleArn, actions } of writes) {
    const rule = await tx.rules.get(ruleArn)
    if (rule) {
      await tx.rules.put({ ...rule, actions })
      continue
    }
    const listener = (await tx.listeners.list()).find((l) => l.defaultRuleArn === ruleArn)
    if (listener) await tx.listeners.put({ ...listener, defaultActions: actions })
  }
}
