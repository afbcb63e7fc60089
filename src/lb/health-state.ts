/**
 * A target's health, as ELB reports it in DescribeTargetHealth: a state, and for every state
 * but healthy a reason code and its description (the reason-code table of the ALB guide's
 * "Health checks for Application Load Balancer target groups"). `nextHealth` is the whole
 * state machine, pure: the health checker feeds it events, the data plane routes by its
 * output and reports every change to the control plane.
 *
 *   registered ──► initial (Elb.RegistrationInProgress)
 *                    │ first probe sent
 *                    ▼
 *                  initial (Elb.InitialHealthChecking) ──healthyThreshold successes──► healthy
 *                    │ unhealthyThreshold failures                                  │ ▲
 *                    ▼                                                              │ │ healthyThreshold
 *                  unhealthy (Target.ResponseCodeMismatch, ◄────────────────────────┘ │ successes
 *                             Target.Timeout, Target.FailedHealthChecks)──────────────┘
 *                             unhealthyThreshold failures
 *   deregistered (any) ──► draining (Target.DeregistrationInProgress)
 *   its group used by no listener ──► unused (Target.NotInUse)
 *   checks disabled ──► unavailable (Target.HealthCheckDisabled)
 *
 * How many passes a new target needs is where the sources disagree: the ALB guide says "it
 * must pass one health check to be considered healthy", the model's Elb.InitialHealthChecking
 * ("still sending the target the minimum number of health checks required") and what users
 * of ECS observe (threshold × interval before a new task takes traffic) say the healthy
 * threshold. Berth follows what is observed: `healthyThreshold` consecutive passes, from
 * initial as from unhealthy. While a group has no healthy target, fail open routes to its
 * initial targets too (selection.ts), so a new service is reachable meanwhile. Failures while
 * initial count toward the unhealthy threshold like any others.
 */

export const TARGET_HEALTH_STATES = ['initial', 'healthy', 'unhealthy', 'unused', 'draining', 'unavailable'] as const
export type TargetHealthState = (typeof TARGET_HEALTH_STATES)[number]

/** ELB's reason codes; those starting `Elb` originate on the load balancer, `Target` on the target. */
export const REASON = {
  registrationInProgress: 'Elb.RegistrationInProgress',
  initialHealthChecking: 'Elb.InitialHealthChecking',
  internalError: 'Elb.InternalError',
  responseCodeMismatch: 'Target.ResponseCodeMismatch',
  timeout: 'Target.Timeout',
  failedHealthChecks: 'Target.FailedHealthChecks',
  notRegistered: 'Target.NotRegistered',
  notInUse: 'Target.NotInUse',
  deregistrationInProgress: 'Target.DeregistrationInProgress',
  healthCheckDisabled: 'Target.HealthCheckDisabled',
} as const
export type ReasonCode = (typeof REASON)[keyof typeof REASON]

/** ELB's descriptions, word for word. */
export const DESCRIPTION: Record<ReasonCode, string> = {
  'Elb.RegistrationInProgress': 'Target registration is in progress',
  'Elb.InitialHealthChecking': 'Initial health checks in progress',
  'Elb.InternalError': 'Health checks failed due to an internal error',
  'Target.ResponseCodeMismatch': 'Health checks failed',
  'Target.Timeout': 'Request timed out',
  'Target.FailedHealthChecks': 'Health checks failed',
  'Target.NotRegistered': 'Target is not registered to the target group',
  'Target.NotInUse': 'Target group is not configured to receive traffic from the load balancer',
  'Target.DeregistrationInProgress': 'Target deregistration is in progress',
  'Target.HealthCheckDisabled': 'Health checks are disabled',
}

/** What DescribeTargetHealth shows: no reason nor description when healthy. */
export interface TargetHealth {
  readonly state: TargetHealthState
  readonly reason?: ReasonCode
  readonly description?: string
}

/** A target's health with the counts that move it. */
export interface HealthRecord extends TargetHealth {
  readonly successes: number
  readonly failures: number
}

/** One probe's outcome, as the health checker saw it. */
export type ProbeResult =
  | { ok: true; status: number }
  | { ok: false; failure: 'code-mismatch'; status: number }
  | { ok: false; failure: 'timeout' }
  | { ok: false; failure: 'connection'; message: string }

export type HealthEvent =
  /** Registered (again) in a group some listener uses. */
  | { kind: 'registered' }
  /** The first probe went out. */
  | { kind: 'probing' }
  | { kind: 'probed'; result: ProbeResult }
  | { kind: 'deregistered' }
  | { kind: 'not-in-use' }
  | { kind: 'checks-disabled' }

export interface Thresholds {
  healthy: number
  unhealthy: number
}

export function nextHealth(prev: HealthRecord | undefined, event: HealthEvent, t: Thresholds): HealthRecord {
  switch (event.kind) {
    case 'registered':
      return record('initial', REASON.registrationInProgress)
    case 'deregistered':
      return record('draining', REASON.deregistrationInProgress)
    case 'not-in-use':
      return record('unused', REASON.notInUse)
    case 'checks-disabled':
      return record('unavailable', REASON.healthCheckDisabled)
    case 'probing':
      return prev?.state === 'initial' && prev.reason === REASON.registrationInProgress ? { ...prev, reason: REASON.initialHealthChecking, description: DESCRIPTION[REASON.initialHealthChecking] } : (prev ?? record('initial', REASON.initialHealthChecking))
    case 'probed':
      // A probe that was in flight when the target left the checked states changes nothing.
      if (!prev || (prev.state !== 'initial' && prev.state !== 'healthy' && prev.state !== 'unhealthy')) return prev ?? record('initial', REASON.registrationInProgress)
      return event.result.ok ? afterSuccess(prev, t) : afterFailure(prev, event.result, t)
  }
}

function afterSuccess(prev: HealthRecord, t: Thresholds): HealthRecord {
  const successes = prev.successes + 1
  if (prev.state === 'healthy') return prev.failures === 0 ? prev : { state: 'healthy', successes, failures: 0 }
  // initial or unhealthy: in service after healthyThreshold consecutive successes
  return successes >= t.healthy ? { state: 'healthy', successes, failures: 0 } : { ...prev, successes, failures: 0 }
}

function afterFailure(prev: HealthRecord, result: Exclude<ProbeResult, { ok: true }>, t: Thresholds): HealthRecord {
  const failures = prev.failures + 1
  const why = failureReason(result)
  if (prev.state === 'unhealthy') return { state: 'unhealthy', ...why, successes: 0, failures }
  if (failures >= t.unhealthy) return { state: 'unhealthy', ...why, successes: 0, failures }
  if (prev.state === 'healthy') return { state: 'healthy', successes: 0, failures }
  return { state: 'initial', reason: REASON.initialHealthChecking, description: DESCRIPTION[REASON.initialHealthChecking], successes: 0, failures }
}

/** The reason and description an unhealthy target shows for a failed probe. */
export function failureReason(result: Exclude<ProbeResult, { ok: true }>): { reason: ReasonCode; description: string } {
  switch (result.failure) {
    case 'code-mismatch':
      return { reason: REASON.responseCodeMismatch, description: `Health checks failed with these codes: [${result.status}]` }
    case 'timeout':
      return { reason: REASON.timeout, description: DESCRIPTION[REASON.timeout] }
    case 'connection':
      return { reason: REASON.failedHealthChecks, description: DESCRIPTION[REASON.failedHealthChecks] }
  }
}

function record(state: TargetHealthState, reason: ReasonCode): HealthRecord {
  return { state, reason, description: DESCRIPTION[reason], successes: 0, failures: 0 }
}

/** True when two healths read the same in DescribeTargetHealth (counts aside). */
export function sameHealth(a: TargetHealth | undefined, b: TargetHealth): boolean {
  return a !== undefined && a.state === b.state && a.reason === b.reason && a.description === b.description
}
