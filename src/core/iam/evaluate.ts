import type { ConditionContext } from './condition-keys.js'
import { conditionHolds } from './conditions.js'
import type { Policy, Statement } from './policy.js'
import { matchesWildcard, matchesWildcardIgnoreCase } from './wildcard.js'

/** One thing a request asks to do: an action on a resource, with the request's condition keys. */
export interface AuthorizationRequest {
  /** `ecs:RunTask`: the service prefix and the action, any case. */
  action: string
  /** The resource's ARN, or `*` for actions that name none (ListClusters). */
  resource: string
  context: ConditionContext
}

export type Decision =
  | { effect: 'allow'; statement: string }
  /** `statement`: the Deny that matched (explicit), or none (no Allow matched). */
  | { effect: 'deny'; explicit: true; statement: string }
  | { effect: 'deny'; explicit: false }

/**
 * IAM's evaluation of identity-based policies, pure: a matching Deny anywhere wins; else a
 * matching Allow allows; else the request is denied by default. A statement matches when its
 * Action (or NotAction), its Resource (or NotResource) and every condition match.
 */
export function evaluate(policies: readonly Policy[], request: AuthorizationRequest): Decision {
  let allowedBy: string | undefined
  for (const policy of policies) {
    for (const statement of policy.statements) {
      if (!statementMatches(statement, request)) continue
      if (statement.effect === 'Deny') return { effect: 'deny', explicit: true, statement: statement.label }
      allowedBy ??= statement.label
    }
  }
  return allowedBy !== undefined ? { effect: 'allow', statement: allowedBy } : { effect: 'deny', explicit: false }
}

function statementMatches(s: Statement, r: AuthorizationRequest): boolean {
  const actionHit = s.actions.patterns.some((p) => matchesWildcardIgnoreCase(p, r.action))
  if (actionHit === s.actions.not) return false
  // Resource patterns are case-sensitive, as ARNs are.
  const resourceHit = s.resources.patterns.some((p) => p === '*' || matchesWildcard(p, r.resource))
  if (resourceHit === s.resources.not) return false
  return s.conditions.every((c) => conditionHolds(c, r.context))
}
