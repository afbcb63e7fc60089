import { ElbErrors } from '../../../core/errors.js'
import type { RuleRecord } from '../../../core/model/rule.js'

/**
 * Whether rules can take new priorities together (pure): no priority twice in the request
 * (ValidationError), none held by a rule of the same listener that is not moving (PriorityInUse).
 */
export function checkNewPriorities(moves: readonly { arn: string; listenerArn: string; priority: number }[], existing: readonly RuleRecord[]): void {
  const asked = new Set<string>()
  for (const m of moves) {
    const key = `${m.listenerArn} ${m.priority}`
    if (asked.has(key)) throw ElbErrors.validation(`Priority '${m.priority}' was provided multiple times`)
    asked.add(key)
  }
  const moving = new Set(moves.map((m) => m.arn))
  for (const m of moves) {
    if (existing.some((r) => !moving.has(r.arn) && r.listenerArn === m.listenerArn && r.priority === m.priority)) throw ElbErrors.priorityInUse(m.priority)
  }
}
