/**
 * A registered target: one row per (targetGroupArn, id, port).
 *
 * Who writes what:
 * - whoever registers it (RegisterTargets, or the ECS service scheduler through the same
 *   repo) creates it `registered` with health initial / Elb.RegistrationInProgress
 *   (`newTarget`), and makes a draining target registered again on re-registration;
 * - DeregisterTargets sets `state: 'draining'` and `drainingSince` (or deletes the row at
 *   once when the group serves no load balancer);
 * - `health` after creation is written ONLY by the load-balancer controller, which also
 *   deletes a draining row once the group's deregistration delay has passed.
 */
export interface TargetRecord {
  targetGroupArn: string
  /** An instance id (`i-…`) or an IPv4 address, by the group's target type. */
  id: string
  port: number
  availabilityZone?: string
  state: 'registered' | 'draining'
  /** Epoch seconds. */
  registeredAt: number
  /** Epoch seconds; set while draining. */
  drainingSince?: number
  health: TargetHealth
}

export interface TargetHealth {
  state: 'initial' | 'healthy' | 'unhealthy' | 'unavailable'
  reason?: string
  description?: string
}

export const REGISTRATION_IN_PROGRESS: TargetHealth = {
  state: 'initial',
  reason: 'Elb.RegistrationInProgress',
  description: 'Target registration is in progress',
}

/** A target as its registration creates it. */
export function newTarget(t: { targetGroupArn: string; id: string; port: number; availabilityZone?: string | undefined }, now: number): TargetRecord {
  return {
    targetGroupArn: t.targetGroupArn,
    id: t.id,
    port: t.port,
    ...(t.availabilityZone !== undefined ? { availabilityZone: t.availabilityZone } : {}),
    state: 'registered',
    registeredAt: now,
    health: { ...REGISTRATION_IN_PROGRESS },
  }
}

/** A registered target deregistered while its group serves a load balancer: it drains. */
export function deregistered(t: TargetRecord, now: number): TargetRecord {
  return t.state === 'draining' ? t : { ...t, state: 'draining', drainingSince: now }
}

/** A draining target registered again: registered once more, its health starting over. */
export function reregistered(t: TargetRecord, now: number): TargetRecord {
  if (t.state === 'registered') return t
  const { drainingSince: _gone, ...rest } = t
  return { ...rest, state: 'registered', registeredAt: now, health: { ...REGISTRATION_IN_PROGRESS } }
}
