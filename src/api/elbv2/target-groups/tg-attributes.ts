import { ElbErrors } from '../../../core/errors.js'
import { TG_ATTRIBUTE_DEFAULTS } from '../../../core/model/target-group-attributes.js'

export { TG_ATTRIBUTE_DEFAULTS }

/**
 * Target-group attributes of ALB instance and ip groups: every key with its default
 * (elb-facts §5.2), and what Berth accepts. Acted on by the data plane: deregistration delay,
 * slow start, the algorithm (round robin, least outstanding requests), lb_cookie stickiness
 * and the unhealthy-state routing thresholds. The DNS-failover and cross-zone keys are
 * accepted and echoed (one node, no DNS); app_cookie stickiness and weighted_random are refused.
 */
type Check = (value: string, key: string) => void
const fail = (k: string, v: string, what: string) => ElbErrors.invalidConfiguration(`'${k}' value '${v}' ${what}`)
const bool: Check = (v, k) => {
  if (v !== 'true' && v !== 'false') throw fail(k, v, "must be 'true' or 'false'")
}
const range =
  (min: number, max: number): Check =>
  (v, k) => {
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw fail(k, v, `must be between '${min}-${max}' inclusive`)
  }
const oneOf =
  (...values: string[]): Check =>
  (v, k) => {
    if (!values.includes(v)) throw fail(k, v, `must be one of '${values.join(', ')}'`)
  }
const offOr =
  (inner: Check): Check =>
  (v, k) => {
    if (v !== 'off') inner(v, k)
  }
const refuse =
  (why: string, allowed: string): Check =>
  (v, k) => {
    if (v !== allowed) throw ElbErrors.invalidConfiguration(`Berth does not support '${k}' = '${v}': ${why}`)
  }

const CHECKS: Record<string, Check> = {
  'deregistration_delay.timeout_seconds': range(0, 3600),
  'deregistration_delay.connection_termination.enabled': refuse('connection termination applies to network load balancers.', 'false'),
  'stickiness.enabled': bool,
  'stickiness.type': refuse('only lb_cookie (duration-based) stickiness is supported.', 'lb_cookie'),
  'stickiness.lb_cookie.duration_seconds': range(1, 604800),
  'stickiness.app_cookie.cookie_name': refuse('application-cookie stickiness is not supported.', ''),
  'stickiness.app_cookie.duration_seconds': range(1, 604800),
  'load_balancing.algorithm.type': oneOf('round_robin', 'least_outstanding_requests'),
  'load_balancing.algorithm.anomaly_mitigation': refuse('anomaly mitigation needs weighted_random, which Berth does not have.', 'off'),
  'slow_start.duration_seconds': (v, k) => {
    if (v !== '0') range(30, 900)(v, k)
  },
  'load_balancing.cross_zone.enabled': oneOf('true', 'false', 'use_load_balancer_configuration'),
  'target_group_health.dns_failover.minimum_healthy_targets.count': offOr(range(1, 1000)),
  'target_group_health.dns_failover.minimum_healthy_targets.percentage': offOr(range(1, 100)),
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': range(1, 1000),
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': offOr(range(1, 100)),
}

/** The attributes after `changes` (pure): unknown keys, bad values and ALB's incompatible pairs refused. */
export function applyTgAttributes(current: Readonly<Record<string, string>>, changes: readonly { Key?: string; Value?: string }[]): Record<string, string> {
  const next = { ...current }
  for (const { Key: key, Value: value = '' } of changes) {
    if (key === undefined) throw ElbErrors.validation('An attribute key must be specified')
    const check = Object.hasOwn(CHECKS, key) ? CHECKS[key] : undefined
    if (!check) throw ElbErrors.validation(`Target group attribute key '${key}' is not recognized`)
    check(value, key)
    next[key] = value
  }
  // "You cannot enable both least outstanding requests and slow start mode."
  if (next['load_balancing.algorithm.type'] === 'least_outstanding_requests' && (next['slow_start.duration_seconds'] ?? '0') !== '0') {
    throw ElbErrors.invalidConfiguration('You cannot enable both least outstanding requests and slow start mode')
  }
  return next
}
