/**
 * The rolling-update arithmetic, as ECS defines it (pure; table-tested in rollout.test.ts).
 *
 *   minimum healthy = ceil(desired × minimumHealthyPercent / 100)   healthy tasks never below it
 *   maximum live    = floor(desired × maximumPercent / 100)          live tasks never above it
 *
 * "Live" is every task not yet STOPPED that the service holds, stopping ones included: a task
 * told to stop still holds its instance's ports and memory until its containers exit, so it
 * still counts against maximumPercent ("RUNNING, STOPPING or PENDING", ECS's guide).
 * "Healthy" is RUNNING, wanted, and past its health threshold (health.ts).
 *
 * Worked examples (desired 4):
 *   min 100 / max 200 → minimum 4, maximum 8: start 4 new beside 4 old; stop old ones only as
 *     new ones become healthy.
 *   min 50 / max 100 → minimum 2, maximum 4: stop 2 old first, start 2 new in their place,
 *     then the next 2.
 *   min 100 / max 100 → minimum 4, maximum 4: nothing can move (ECS says so in an event).
 *   min 75, desired 2 → minimum ceil(1.5) = 2: no task may stop before a new one is healthy.
 */
export interface Fenceposts {
  minHealthy: number
  maxLive: number
}

export function fenceposts(desired: number, minimumHealthyPercent: number, maximumPercent: number): Fenceposts {
  return {
    // Integer arithmetic first: desired × percent is exact, and only then divided.
    minHealthy: Math.ceil((desired * minimumHealthyPercent) / 100),
    maxLive: Math.floor((desired * maximumPercent) / 100),
  }
}

/** One service's tasks as the rollout counts them. */
export interface RolloutCounts {
  desired: number
  /** Live tasks that stay: the PRIMARY deployment's on usable instances, pending ones included. */
  keepers: number
  /** Of the keepers, those healthy. */
  healthyKeepers: number
  /** Live tasks to replace: an older deployment's, or on a DRAINING instance, or moved for balance. */
  outgoing: number
  /** Of the outgoing, those healthy. */
  healthyOutgoing: number
  /** Tasks already told to stop and not yet STOPPED: they hold resources, serve nothing. */
  stopping: number
}

/** What one pass may do. */
export interface RolloutStep {
  /** New tasks of the PRIMARY deployment to start. */
  start: number
  /**
   * Outgoing tasks to stop that are not healthy: they cost nothing in health, but may be
   * about to become healthy, so they stop only when they stand in the way of a start
   * (maximumPercent) or when healthy keepers already cover the desired count.
   */
  stopUnhealthyOutgoing: number
  /** Healthy outgoing tasks to stop, within the health budget. */
  stopHealthyOutgoing: number
  /** Keepers beyond the desired count to stop (scale-in): the unhealthy ones first, free. */
  stopUnhealthyExcess: number
  /** Healthy keepers beyond the desired count to stop, within what is left of the budget. */
  stopHealthyExcess: number
  /** True when work remains that neither bound lets move, and no task is on its way to change that. */
  stuck: boolean
}

/**
 * One step of a rolling update, Kubernetes-style: everything that may move now, then return;
 * the next pass sees the result.
 *
 *   start  = min(desired − keepers, maxLive − live)                   (never negative)
 *   budget = healthy − minHealthy                                      (never negative)
 *   stop, in order: outgoing not healthy, as many as block starts, or all once healthy
 *                   keepers cover desired (free) → healthy outgoing (budget) → excess keepers,
 *                   not healthy first (free), then healthy (what budget is left)
 *
 * Stopping never brings healthy tasks below minHealthy, and starting never brings live tasks
 * above maxLive. `canStart` false (a throttled or failed deployment, or no placement yet)
 * holds starts back without holding back the stops the bounds allow.
 */
export function rollingStep(c: RolloutCounts, f: Fenceposts, canStart = true): RolloutStep {
  const live = c.keepers + c.outgoing + c.stopping
  const healthy = c.healthyKeepers + c.healthyOutgoing
  const wanted = Math.max(0, c.desired - c.keepers)
  const start = canStart ? Math.max(0, Math.min(wanted, f.maxLive - live)) : 0
  let budget = Math.max(0, healthy - f.minHealthy)
  const unhealthyOutgoing = c.outgoing - c.healthyOutgoing
  // "If any tasks are unhealthy and if maximumPercent doesn't allow the Amazon ECS scheduler to
  // start replacement tasks, the scheduler stops the unhealthy tasks ... to clear up capacity."
  const blocking = canStart ? wanted - start : 0
  const stopUnhealthyOutgoing = c.healthyKeepers >= c.desired ? unhealthyOutgoing : Math.min(unhealthyOutgoing, blocking)
  const stopHealthyOutgoing = Math.min(c.healthyOutgoing, budget)
  budget -= stopHealthyOutgoing
  const excess = Math.max(0, c.keepers - c.desired)
  const stopUnhealthyExcess = Math.min(excess, c.keepers - c.healthyKeepers)
  const stopHealthyExcess = Math.min(excess - stopUnhealthyExcess, budget)
  const moving = start + stopUnhealthyOutgoing + stopHealthyOutgoing + stopUnhealthyExcess + stopHealthyExcess
  const work = c.keepers !== c.desired || c.outgoing > 0
  // Tasks still becoming healthy (or stopping) will open one of the bounds on their own.
  const settling = c.stopping > 0 || healthy < c.keepers + c.outgoing
  return {
    start,
    stopUnhealthyOutgoing,
    stopHealthyOutgoing,
    stopUnhealthyExcess,
    stopHealthyExcess,
    stuck: canStart && work && moving === 0 && !settling,
  }
}
