import type { TargetHealthState } from './health-state.js'

/**
 * Where a forwarded request goes, in two pure steps: which of the action's target groups
 * (by weight), then which of that group's targets (by the group's algorithm among the
 * routable ones). Randomness comes in as a number; the round-robin position as a cursor the
 * caller keeps, so a sequence of picks is reproducible in a table test.
 */

/** The part of a target that selection reads. */
export interface SelectableTarget {
  readonly health: TargetHealthState
  /** Requests sent and not yet answered in full (least outstanding requests reads it). */
  readonly inFlight: number
  /** When the target entered slow start (ms since the epoch), or undefined when it is not in it. */
  readonly slowStartSince: number | undefined
  /** Smooth weighted round robin's running weight; selection owns it. */
  swrrCurrent: number
}

/** `target_group_health.unhealthy_state_routing.minimum_healthy_targets`: below either, fail open. */
export interface MinimumHealthy {
  /** Default 1. */
  count: number
  /** 1–100, or off (default). */
  percentage: number | 'off'
}

/**
 * The targets new requests may go to: the healthy ones (and `unavailable` ones, whose checks
 * are disabled) while there are enough of them, else every registered target that is not
 * draining, whatever its health: "If a target group contains only unhealthy registered
 * targets, the load balancer routes requests to all those targets, regardless of their
 * health status" (fail open), generalised by the minimum-healthy attribute ("If the number of
 * healthy targets is below this value, send traffic to all targets, including unhealthy
 * targets"; default 1, so fail open means no healthy target). "All targets" includes those
 * still `initial`, as users observe. `draining` and `unused` targets never take new
 * requests: a group of only those answers 503.
 *
 * Worked numbers, 4 targets, 1 healthy: count 1 → the healthy one; count 2 → all 4;
 * percentage 50 → all 4 (25 % < 50 %).
 */
export function routableTargets<T extends SelectableTarget>(targets: Iterable<T>, min: MinimumHealthy = { count: 1, percentage: 'off' }): T[] {
  const healthy: T[] = []
  const all: T[] = []
  for (const t of targets) {
    const h = t.health
    if (h === 'draining' || h === 'unused') continue
    all.push(t)
    if (h === 'healthy' || h === 'unavailable') healthy.push(t)
  }
  const enough = healthy.length >= Math.max(1, min.count) && (min.percentage === 'off' || healthy.length * 100 >= min.percentage * all.length)
  return enough ? healthy : all
}

/**
 * The index of the weighted choice `random` ∈ [0, 1) lands on, or -1 when every weight is 0.
 * Weights 1 and 3 split [0, 0.25) → 0 and [0.25, 1) → 1.
 */
export function pickWeighted(weights: readonly { weight: number }[], totalWeight: number, random: number): number {
  if (totalWeight <= 0) return -1
  let point = random * totalWeight
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!.weight
    if (w <= 0) continue
    if (point < w) return i
    point -= w
  }
  // Floating-point leftovers: the last group that has any weight.
  for (let i = weights.length - 1; i >= 0; i--) if (weights[i]!.weight > 0) return i
  return -1
}

export interface Cursor {
  next: number
}

export type Algorithm = 'round_robin' | 'least_outstanding_requests'

export interface SelectionPolicy {
  algorithm: Algorithm
  /** 0: off. */
  slowStartMs: number
  /** The latest end of any routable target's slow start (ms); before it, round robin weighs by ramp. */
  slowStartEndsAt: number
}

/** The target for the next request among `routable`, or undefined when it is empty. */
export function selectTarget<T extends SelectableTarget>(routable: readonly T[], policy: SelectionPolicy, cursor: Cursor, now: number): T | undefined {
  if (routable.length === 0) return undefined
  if (policy.algorithm === 'least_outstanding_requests') return pickLeastOutstanding(routable, cursor)
  if (policy.slowStartMs > 0 && now < policy.slowStartEndsAt) return pickSmoothWeighted(routable, policy.slowStartMs, now)
  const i = cursor.next % routable.length
  cursor.next = i + 1
  return routable[i]
}

/** The fewest in-flight requests; ties go round robin, starting after the last pick. */
export function pickLeastOutstanding<T extends SelectableTarget>(routable: readonly T[], cursor: Cursor): T {
  const n = routable.length
  const start = cursor.next % n
  let best = start
  let fewest = routable[start]!.inFlight
  for (let k = 1; k < n && fewest > 0; k++) {
    const i = (start + k) % n
    const f = routable[i]!.inFlight
    if (f < fewest) {
      fewest = f
      best = i
    }
  }
  cursor.next = best + 1
  return routable[best]!
}

/** Full weight, in the integer scale smooth weighted round robin works in. */
const FULL = 1000

/**
 * A target's share during slow start: linear from its start to `slowStartMs` later ("the load
 * balancer linearly increases the number of requests that it can send to a target in slow
 * start mode"), never 0 so the ramp starts at once. Worked numbers, 60 s slow start: 15 s in →
 * 250, 30 s in → 500, 60 s in or later → 1000 (full).
 */
export function slowStartWeight(t: SelectableTarget, slowStartMs: number, now: number): number {
  if (t.slowStartSince === undefined || slowStartMs <= 0) return FULL
  const elapsed = now - t.slowStartSince
  if (elapsed >= slowStartMs) return FULL
  return Math.max(1, Math.floor((FULL * Math.max(0, elapsed)) / slowStartMs))
}

/**
 * nginx's smooth weighted round robin: every pick adds each target's weight to its running
 * weight, takes the largest, and subtracts the total from it. Weights 1000 and 500 give
 * A, B, A, A, B, A, ...: evenly interleaved, 2:1, with no randomness.
 */
export function pickSmoothWeighted<T extends SelectableTarget>(routable: readonly T[], slowStartMs: number, now: number): T {
  let total = 0
  let best: T | undefined
  for (const t of routable) {
    const w = slowStartWeight(t, slowStartMs, now)
    total += w
    t.swrrCurrent += w
    if (!best || t.swrrCurrent > best.swrrCurrent) best = t
  }
  best!.swrrCurrent -= total
  return best!
}

/**
 * Whether a target that just became healthy enters slow start: only with slow start on and
 * at least one other healthy target not in slow start ("Newly registered targets enter slow
 * start mode only when there is at least one healthy target that is not in slow start mode").
 */
export function entersSlowStart(others: Iterable<SelectableTarget>, slowStartMs: number, now: number): boolean {
  if (slowStartMs <= 0) return false
  for (const o of others) {
    if (o.health === 'healthy' && (o.slowStartSince === undefined || now - o.slowStartSince >= slowStartMs)) return true
  }
  return false
}
