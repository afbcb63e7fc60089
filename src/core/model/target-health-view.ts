import type { TargetHealth, TargetRecord } from './target.js'

/** What DescribeTargetHealth shows of a target: ELB's states, with its reason codes and texts. */
export interface TargetHealthView {
  state: 'initial' | 'healthy' | 'unhealthy' | 'unused' | 'draining' | 'unavailable'
  reason?: string
  description?: string
}

/**
 * The health DescribeTargetHealth reports for one target (pure), in this order:
 *   not registered (named in `Targets` only)  → unused   Target.NotRegistered
 *   draining                                  → draining Target.DeregistrationInProgress
 *   group serves no load balancer             → unused   Target.NotInUse
 *   otherwise                                 → the health the LB controller stored
 * Draining comes before not-in-use: a deregistered target drains for the whole delay whatever
 * else happens (elb-facts §4.4).
 */
export function targetHealthView(target: TargetRecord | undefined, groupInUse: boolean): TargetHealthView {
  if (!target) return { state: 'unused', reason: 'Target.NotRegistered', description: 'Target is not registered to the target group' }
  if (target.state === 'draining') {
    return { state: 'draining', reason: 'Target.DeregistrationInProgress', description: 'Target deregistration is in progress' }
  }
  if (!groupInUse) {
    return { state: 'unused', reason: 'Target.NotInUse', description: 'Target group is not configured to receive traffic from the load balancer' }
  }
  return storedHealth(target.health)
}

/** Healthy carries no reason or description (the model says so); others keep theirs. */
const storedHealth = (h: TargetHealth): TargetHealthView =>
  h.state === 'healthy'
    ? { state: 'healthy' }
    : { state: h.state, ...(h.reason !== undefined ? { reason: h.reason } : {}), ...(h.description !== undefined ? { description: h.description } : {}) }
