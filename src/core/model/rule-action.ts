/**
 * A rule's action, normalised: a forward given as `TargetGroupArn` is a one-group forward of
 * weight 1, as AWS echoes it. The terminal action types ALB has, less authentication.
 */
export type RuleAction = ForwardAction | FixedResponseAction | RedirectAction

export interface ForwardAction {
  type: 'forward'
  /** `Order` when the request gave one (1–50000); echoed. */
  order?: number
  /** 1–5 groups; weights 0–999. */
  targetGroups: readonly { arn: string; weight: number }[]
  stickiness: { enabled: boolean; durationSeconds?: number }
}

export interface FixedResponseAction {
  type: 'fixed-response'
  order?: number
  statusCode: string
  contentType?: string
  messageBody?: string
}

export interface RedirectAction {
  type: 'redirect'
  order?: number
  protocol?: string
  port?: string
  host?: string
  path?: string
  query?: string
  statusCode: 'HTTP_301' | 'HTTP_302'
}

/** The target groups a set of actions forwards to, each once, weight 0 included (it is still associated). */
export function forwardedTargetGroups(actions: readonly RuleAction[]): string[] {
  const arns = new Set<string>()
  for (const a of actions) if (a.type === 'forward') for (const tg of a.targetGroups) arns.add(tg.arn)
  return [...arns]
}

/**
 * The actions with their one forward action's groups set to `weights` (pure), or undefined when
 * they already forward so (weights compared by group, whatever the order). Groups keep the
 * order they had; new ones follow. Stickiness and `order` stay as they were.
 */
export function withForwardWeights(actions: readonly RuleAction[], weights: ReadonlyMap<string, number>): RuleAction[] | undefined {
  const i = actions.findIndex((a) => a.type === 'forward')
  const forward = actions[i]
  if (!forward || forward.type !== 'forward') return undefined
  const same = forward.targetGroups.length === weights.size && forward.targetGroups.every((g) => weights.get(g.arn) === g.weight)
  if (same) return undefined
  const arns = [...forward.targetGroups.map((g) => g.arn).filter((a) => weights.has(a)), ...[...weights.keys()].filter((a) => !forward.targetGroups.some((g) => g.arn === a))]
  const next: ForwardAction = { ...forward, targetGroups: arns.map((arn) => ({ arn, weight: weights.get(arn)! })) }
  return actions.map((a, j) => (j === i ? next : a))
}
