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
