import type * as W from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import type { RuleAction } from '../../../core/model/rule-action.js'
import { LIMITS } from '../deps.js'

const CONTENT_TYPES = ['text/plain', 'text/css', 'text/html', 'application/javascript', 'application/json']

/**
 * A rule's (or a listener's default) actions from the wire, checked and normalised (pure):
 * exactly one action, forward, fixed-response or redirect (authenticate-* are refused before
 * this, refused-members.ts). Target groups are looked up by the caller (resolve-actions.ts).
 */
export function checkActions(actions: readonly W.Action[], listenerProtocol: 'HTTP' | 'HTTPS'): RuleAction[] {
  if (actions.length === 0) throw ElbErrors.validation('At least one action must be specified')
  if (actions.length > 1) throw ElbErrors.tooManyActions()
  return actions.map((a) => checkAction(a, listenerProtocol))
}

function checkAction(a: W.Action, listenerProtocol: 'HTTP' | 'HTTPS'): RuleAction {
  const order = a.Order !== undefined ? { order: a.Order } : {}
  const stray = (['ForwardConfig', 'FixedResponseConfig', 'RedirectConfig'] as const).filter(
    (m) => a[m] !== undefined && m !== CONFIG_OF[a.Type as keyof typeof CONFIG_OF],
  )
  if (stray.length > 0 || (a.TargetGroupArn !== undefined && a.Type !== 'forward')) {
    throw ElbErrors.validation(`An action of type '${a.Type}' cannot have ${stray[0] ?? 'TargetGroupArn'}`)
  }
  switch (a.Type) {
    case 'forward':
      return { type: 'forward', ...order, ...checkForward(a) }
    case 'fixed-response': {
      const c = a.FixedResponseConfig
      if (!c) throw ElbErrors.validation("A 'FixedResponseConfig' must be specified for an action of type 'fixed-response'")
      if (!/^(2|4|5)\d\d$/.test(c.StatusCode)) throw ElbErrors.validation(`The status code '${c.StatusCode}' must be 2XX, 4XX or 5XX`)
      if (c.ContentType !== undefined && !CONTENT_TYPES.includes(c.ContentType)) {
        throw ElbErrors.invalidAction(`The ContentType must be one of:${CONTENT_TYPES.map((t) => `'${t}'`).join(', ')}`)
      }
      return {
        type: 'fixed-response',
        ...order,
        statusCode: c.StatusCode,
        ...(c.ContentType !== undefined ? { contentType: c.ContentType } : {}),
        ...(c.MessageBody !== undefined ? { messageBody: c.MessageBody } : {}),
      }
    }
    case 'redirect': {
      const c = a.RedirectConfig
      if (!c) throw ElbErrors.validation("A 'RedirectConfig' must be specified for an action of type 'redirect'")
      const changes = [c.Protocol, c.Port, c.Host, c.Path].filter((v) => v !== undefined && !['#{protocol}', '#{port}', '#{host}', '/#{path}'].includes(v))
      if (changes.length === 0) {
        throw ElbErrors.invalidAction('A redirect must change at least one of the protocol, host, port or path, or it would loop')
      }
      if (listenerProtocol === 'HTTPS' && c.Protocol === 'HTTP') throw ElbErrors.invalidAction("You can't redirect HTTPS to HTTP")
      if (c.Path !== undefined && !c.Path.startsWith('/')) throw ElbErrors.validation(`The redirect path '${c.Path}' must start with '/'`)
      return {
        type: 'redirect',
        ...order,
        statusCode: c.StatusCode,
        ...(c.Protocol !== undefined ? { protocol: c.Protocol } : {}),
        ...(c.Port !== undefined ? { port: c.Port } : {}),
        ...(c.Host !== undefined ? { host: c.Host } : {}),
        ...(c.Path !== undefined ? { path: c.Path } : {}),
        ...(c.Query !== undefined ? { query: c.Query } : {}),
      }
    }
    default:
      throw ElbErrors.validation(`Action type '${a.Type}' must be one of 'forward, redirect, fixed-response'`)
  }
}

const CONFIG_OF = { forward: 'ForwardConfig', 'fixed-response': 'FixedResponseConfig', redirect: 'RedirectConfig' } as const

/**
 * `TargetGroupArn` (one group, weight 1), or `ForwardConfig` (1–5 groups, each with a weight
 * when there are several), or both naming the same single group.
 */
function checkForward(a: W.Action): Omit<Extract<RuleAction, { type: 'forward' }>, 'type' | 'order'> {
  const groups = a.ForwardConfig?.TargetGroups ?? []
  if (a.TargetGroupArn === undefined && groups.length === 0) {
    throw ElbErrors.validation("A target group ARN must be specified for an action of type 'forward'")
  }
  if (a.TargetGroupArn !== undefined && groups.length > 0 && (groups.length > 1 || groups[0]?.TargetGroupArn !== a.TargetGroupArn)) {
    throw ElbErrors.invalidAction('If you specify both ForwardConfig and TargetGroupArn, ForwardConfig can hold only that one target group')
  }
  if (groups.length > LIMITS.targetGroupsPerAction) {
    throw ElbErrors.invalidAction(`A forward action can have at most ${LIMITS.targetGroupsPerAction} target groups`)
  }
  const targetGroups =
    groups.length === 0
      ? [{ arn: a.TargetGroupArn!, weight: 1 }]
      : groups.map((g) => {
          if (g.TargetGroupArn === undefined) throw ElbErrors.validation('Each target group of a forward action must have a TargetGroupArn')
          if (g.Weight === undefined && groups.length > 1) throw ElbErrors.validation('You must specify a weight for each target group of a forward action')
          return { arn: g.TargetGroupArn, weight: g.Weight ?? 1 }
        })
  const seen = new Set<string>()
  for (const g of targetGroups) {
    if (seen.has(g.arn)) throw ElbErrors.invalidAction(`Target group '${g.arn}' is named more than once in a forward action`)
    seen.add(g.arn)
  }
  const s = a.ForwardConfig?.TargetGroupStickinessConfig
  if (s?.Enabled && s.DurationSeconds === undefined) {
    throw ElbErrors.validation('A duration must be specified when target group stickiness is enabled')
  }
  return {
    targetGroups,
    stickiness: { enabled: s?.Enabled ?? false, ...(s?.Enabled && s.DurationSeconds !== undefined ? { durationSeconds: s.DurationSeconds } : {}) },
  }
}
