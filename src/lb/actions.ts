import type { ActionConfig, RedirectActionConfig } from './config.js'
import { compileFixedResponse, redirectStatus, type FixedResponse } from './responses.js'
import type { TargetGroupRuntime } from './target-groups.js'

/** A rule's action, compiled against the live target groups so a request needs no lookups. */
export type CompiledAction = CompiledForward | { kind: 'fixed-response'; response: FixedResponse } | { kind: 'redirect'; config: RedirectActionConfig; status: 301 | 302 }

export interface CompiledForward {
  kind: 'forward'
  groups: readonly { group: TargetGroupRuntime; weight: number }[]
  totalWeight: number
  /** Target-group stickiness duration; 0 when off. */
  stickinessSeconds: number
}

/**
 * `groupOf` finds the live group of an ARN; a forward to a group the configuration lacks
 * gets an empty one (503s) rather than failing the whole apply.
 */
export function compileAction(a: ActionConfig, groupOf: (arn: string) => TargetGroupRuntime): CompiledAction {
  switch (a.type) {
    case 'forward': {
      const groups = a.targetGroups.map((g) => ({ group: groupOf(g.arn), weight: a.targetGroups.length === 1 ? 1 : Math.max(0, g.weight) }))
      return {
        kind: 'forward',
        groups,
        totalWeight: groups.reduce((sum, g) => sum + g.weight, 0),
        stickinessSeconds: a.stickiness?.enabled && groups.length > 1 ? a.stickiness.durationSeconds : 0,
      }
    }
    case 'fixed-response':
      return { kind: 'fixed-response', response: compileFixedResponse(a) }
    case 'redirect':
      return { kind: 'redirect', config: a, status: redirectStatus(a) }
  }
}
