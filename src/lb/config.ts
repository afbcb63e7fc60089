import type { RuleCondition } from '../core/model/rule-condition.js'
import type { TlsPolicyConfig } from './tls-policy.js'

/**
 * What the control plane tells the data plane: every load balancer with its listeners and
 * rules, every target group with its targets. Built from the store (the ELBv2 records and the
 * targets the service scheduler registered) and handed whole to `DataPlane.apply()` whenever
 * anything changes; the data plane diffs it against what runs.
 *
 * Plain data only, no classes, so the control plane can build it with object literals and a
 * test can write it inline. Names follow the ELBv2 API (CreateListener, CreateRule,
 * CreateTargetGroup, the attributes' keys); durations are in seconds as the API has them, and
 * may carry a fraction (tests use 0.2 s idle timeouts). Validation of ranges (priorities
 * 1–50000, weights 0–999, thresholds 2–10, ...) is the API's job; the data plane trusts what
 * it is given and never throws on it at request time.
 */

export interface DataPlaneConfig {
  loadBalancers: readonly LoadBalancerConfig[]
  targetGroups: readonly TargetGroupConfig[]
}

// ───────────────────────────── load balancers and listeners ─────────────────────────────

export interface LoadBalancerConfig {
  arn: string
  attributes: LoadBalancerAttributes
  listeners: readonly ListenerConfig[]
}

/** The ALB attributes the data plane acts on. */
export interface LoadBalancerAttributes {
  /**
   * `idle_timeout.timeout_seconds` (ALB default 60): a client connection idle this long is
   * closed, and a target that sends nothing for this long (no response headers, or no body
   * bytes) gets the client a 504.
   */
  idleTimeoutSeconds: number
  /**
   * `routing.http.xff_header_processing.mode` (default `append`): `append` adds the client's
   * address to X-Forwarded-For, `preserve` forwards the client's header as it is, `remove`
   * drops it.
   */
  xffHeaderProcessingMode: 'append' | 'preserve' | 'remove'
  /**
   * `routing.http.preserve_host_header.enabled` (default false). Off, the Host header is
   * rewritten as ALB does: on a listener on port 80 or 443 its port is removed, on any other
   * port the listener's port is added when missing. On, it is forwarded as the client sent it.
   */
  preserveHostHeader: boolean
}

export interface ListenerConfig {
  arn: string
  /** The address the socket binds: 127.0.0.1 by default in `berth up`, 0.0.0.0 to serve a network. */
  address: string
  /** 1–65535; 0 binds an ephemeral port (tests), which `DataPlane.listenerAddress()` tells. */
  port: number
  protocol: 'HTTP' | 'HTTPS'
  /** HTTPS only: the default certificate, PEM files read when the listener (re)binds. */
  certificate?: { certFile: string; keyFile: string }
  /** HTTPS only: the listener's security policy (protocols and ciphers); none means Node's defaults. */
  tlsPolicy?: TlsPolicyConfig
  /** Non-default rules in any order; the data plane sorts them by priority (lowest first). */
  rules: readonly RuleConfig[]
  /** The default rule's action: taken when no rule matches. */
  defaultAction: ActionConfig
}

// ───────────────────────────────────────── rules ─────────────────────────────────────────

export interface RuleConfig {
  arn: string
  /** 1–50000, unique per listener; the lowest matching priority wins. */
  priority: number
  /** All must match (AND); each condition matches when any of its values does (OR). */
  conditions: readonly ConditionConfig[]
  action: ActionConfig
}

/**
 * ALB's condition types, with ALB's matching (rule-condition-types in the ALB guide):
 * - `path-pattern`: the URL path only (not the query), case-sensitive, `*` (0 or more
 *   characters) and `?` (exactly one).
 * - `host-header`: the Host header's name without its port, case-insensitive, `*` and `?`.
 * - `http-header`: the header name is case-insensitive and has no wildcards; values are
 *   case-insensitive with `*` and `?`; any occurrence of the header may match.
 * - `http-request-method`: case-sensitive, exact (no wildcards), standard or custom methods.
 * - `query-string`: key/value pairs (the key optional: then any key), case-insensitive, `*`
 *   and `?` in both; compared URL-decoded.
 * - `source-ip`: CIDR blocks (IPv4 or IPv6) against the client's socket address, never
 *   X-Forwarded-For.
 */
export type ConditionConfig = RuleCondition

/** The one terminal action of a rule: ALB's forward, fixed-response or redirect. */
export type ActionConfig = ForwardActionConfig | FixedResponseActionConfig | RedirectActionConfig

export interface ForwardActionConfig {
  type: 'forward'
  /**
   * One target group (weight irrelevant) or several, each taking weight / sum of weights of
   * the requests (weights 0–999; a group of weight 0 gets none; all 0 answers 503).
   */
  targetGroups: readonly { arn: string; weight: number }[]
  /**
   * Target-group stickiness (`ForwardConfig.TargetGroupStickinessConfig`): a client keeps
   * the group it was first sent to for this long, by the AWSALBTG cookie.
   */
  stickiness?: { enabled: boolean; durationSeconds: number }
}

export interface FixedResponseActionConfig {
  type: 'fixed-response'
  /** 2XX, 4XX or 5XX. */
  statusCode: number
  /** text/plain (ALB's default), text/css, text/html, application/javascript, application/json. */
  contentType?: string
  messageBody?: string
}

/**
 * Each component keeps the request's when left out (ALB: `#{protocol}`, `#{host}`,
 * `#{port}`, `/#{path}`, `#{query}`), and may use those placeholders itself.
 */
export interface RedirectActionConfig {
  type: 'redirect'
  protocol?: string
  host?: string
  port?: string
  path?: string
  query?: string
  statusCode: 'HTTP_301' | 'HTTP_302'
}

// ───────────────────────────────────── target groups ─────────────────────────────────────

export interface TargetGroupConfig {
  arn: string
  /** How the data plane talks to the targets. */
  protocol: 'HTTP' | 'HTTPS'
  /** The group's port: the default of a target registered without one (the control plane resolves it). */
  port: number
  /**
   * `instance`: the control plane resolves each instance id to the address its traffic goes
   * to (the host's address, the task's dynamic host port); `ip`: the id is the address.
   */
  targetType: 'instance' | 'ip'
  healthCheck: HealthCheckConfig
  attributes: TargetGroupAttributes
  targets: readonly TargetConfig[]
}

export interface HealthCheckConfig {
  /**
   * Off: no probes, every registered target `unavailable` (Target.HealthCheckDisabled) and
   * routed to, as ALB does for a Lambda target group without checks.
   */
  enabled: boolean
  protocol: 'HTTP' | 'HTTPS'
  /** `/path?query` requested with GET. ALB default `/`. */
  path: string
  /** `traffic-port` (ALB's default): the target's own port. */
  port: 'traffic-port' | number
  /** 5–300, ALB default 30; one probe per target per interval. */
  intervalSeconds: number
  /** 2–120, ALB default 5; less than the interval. */
  timeoutSeconds: number
  /** 2–10, ALB default 5: consecutive successes that bring an unhealthy target back. */
  healthyThreshold: number
  /** 2–10, ALB default 2: consecutive failures that take a target out. */
  unhealthyThreshold: number
  /** `Matcher.HttpCode`: `200`, `200,202`, `200-299`, or a mix; codes 200–499. ALB default `200`. */
  matcher: string
}

export interface TargetGroupAttributes {
  /** `deregistration_delay.timeout_seconds`: the control plane waits this long; the data plane only reports in-flight counts. */
  deregistrationDelaySeconds: number
  /** `slow_start.duration_seconds`, 0 (off) or 30–900: a newly healthy target's share ramps up linearly. Round robin only. */
  slowStartSeconds: number
  /** `load_balancing.algorithm.type`. */
  algorithm: 'round_robin' | 'least_outstanding_requests'
  /** `stickiness.enabled` with `stickiness.type` lb_cookie and `stickiness.lb_cookie.duration_seconds`. */
  stickiness: { enabled: false } | { enabled: true; type: 'lb_cookie'; durationSeconds: number }
  /**
   * `target_group_health.unhealthy_state_routing.minimum_healthy_targets.count` (default 1)
   * and `.percentage` (default `off`): with fewer healthy targets than either, requests go to
   * every registered target whatever its health (fail open).
   */
  minimumHealthyTargets: { count: number; percentage: number | 'off' }
}

export interface TargetConfig {
  /** The RegisterTargets id: an instance id (`instance`) or an IP address (`ip`). */
  id: string
  /** Where to connect: resolved by the control plane (for `ip` targets, the id itself). */
  address: string
  port: number
  /**
   * `registered`: takes new requests once healthy. `draining`: deregistered, finishing its
   * in-flight requests and taking no new ones; the control plane drops it from the config
   * after the deregistration delay (or earlier once `DataPlane.inFlight()` reports 0).
   */
  state: 'registered' | 'draining'
}
