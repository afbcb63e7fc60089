import type { ServiceRecord } from '../../core/model/service.js'
import { computedDesiredCount, type TaskSetRecord } from '../../core/model/task-set.js'
import { isProtected } from '../../core/model/task-protection.js'
import { isWaitingForCapacity, type TaskRecord } from '../../core/model/task.js'
import { account } from './accounting.js'
import { healthRulesOf, instanceLost, instanceOf } from './classify.js'
import { healthChangesAt, taskHealth, type TaskHealth } from './health.js'
import { ServiceEvents, StopReasons } from './messages.js'
import type { ServicePlan, ServiceSnapshot, StartIntent } from './snapshot.js'

/**
 * The scheduler's decision for a service with the EXTERNAL deployment controller (pure): each
 * task set keeps its computed count of tasks running (ceil(desiredCount × scale %); 0 once the
 * service is deleted), with its own task definition, its tasks started by its id. The external
 * controller moves traffic and scale; Berth does what the counts say, at once — no rolling
 * bounds, which belong to deployments Berth makes itself. Per pass:
 *
 *   1. stopped tasks accounted once (throttling after failures to start, as any service)
 *   2. stop: tasks of no task set (deleted: DeleteTaskSet), lost with their instance, failing
 *      their health checks; a task set's excess (pending first, DRAINING instances first,
 *      newest first; never one under scale-in protection), and its tasks on DRAINING
 *      instances once it has enough elsewhere
 *   3. start: the first task set short of its count (one start a pass; the next pass goes on)
 *   4. each task set's stabilityStatus: STEADY_STATE when its running tasks equal its computed
 *      count with nothing pending, stopping or on a DRAINING instance, none unhealthy
 *   5. a deleted (DRAINING) service with no task left becomes INACTIVE
 */
export function reconcileTaskSets(s: ServiceSnapshot): ServicePlan {
  const { now } = s
  let service = s.service
  if (service.status === 'INACTIVE') return { service, tasks: [], events: [] }
  const writes = new Map<string, TaskRecord>()
  const write = (t: TaskRecord) => writes.set(t.arn, t)
  const events: string[] = []

  // 1. Accounting (no deployments: only throttling and the healthy marks).
  const stopped = s.tasks.filter((t) => t.lastStatus === 'STOPPED' && !t.serviceAccounted)
  const live = s.tasks.filter((t) => t.lastStatus !== 'STOPPED' && t.desiredStatus === 'RUNNING')
  const stopping = s.tasks.filter((t) => t.lastStatus !== 'STOPPED' && t.desiredStatus === 'STOPPED')
  const health = new Map<string, TaskHealth>(live.map((t) => [t.arn, taskHealth(t, healthRulesOf(s, t), now)]))
  const healthyNow = live.filter((t) => health.get(t.arn) === 'healthy' && t.healthyAt === undefined)
  if (stopped.length > 0 || healthyNow.length > 0) {
    const acc = account([], service.scheduler, stopped, healthyNow, now)
    service = { ...service, scheduler: acc.scheduler }
    acc.marked.forEach(write)
    if (acc.throttledNow) events.push(ServiceEvents.throttled(service.name))
  }

  // 2. Stops.
  const stoppedRunning: string[] = []
  let stoppedPending = 0
  const stop = (t: TaskRecord, reason: string) => {
    const base = writes.get(t.arn) ?? t
    write({ ...base, desiredStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated', stoppedReason: reason, stoppingAt: now, version: t.version + 1 })
    if (t.lastStatus === 'RUNNING') stoppedRunning.push(t.id)
    else stoppedPending++
  }
  const sets = service.taskSets ?? []
  const active = service.status === 'ACTIVE'
  const kept = new Map<string, TaskRecord[]>(sets.map((ts) => [ts.id, []]))
  const onDraining = new Map<string, TaskRecord[]>(sets.map((ts) => [ts.id, []]))
  for (const t of live) {
    const instance = instanceOf(s, t)
    const mine = t.startedBy === undefined ? undefined : kept.get(t.startedBy)
    if (!mine) stop(t, StopReasons.scaling(t.startedBy ?? ''))
    else if (!isWaitingForCapacity(t) && instanceLost(instance, s.settings.lostAfterMs, now)) stop(t, StopReasons.instanceLost(instance?.id ?? (t.containerInstanceArn ?? '').split('/').pop()!, Math.round(s.settings.lostAfterMs / 1000)))
    else if (health.get(t.arn) === 'unhealthy') {
      events.push(ServiceEvents.failedHealthChecks(service.name, t.id))
      stop(t, StopReasons.failedHealthChecks)
    } else if (instance?.status === 'DRAINING') onDraining.get(t.startedBy!)!.push(t)
    else mine.push(t)
  }
  let heldByProtection = 0
  let protectionEnds: number | undefined
  for (const ts of sets) {
    const want = computedDesiredCount(service.desiredCount, ts.scale, active)
    const mine = kept.get(ts.id)!
    const draining = onDraining.get(ts.id)!
    for (const t of draining) if (t.lastStatus !== 'RUNNING' || mine.length >= want) stop(t, StopReasons.scaling(ts.id))
    const excess = mine.length - want
    if (excess > 0) {
      const order = stopOrder(mine, health)
      const free = order.filter((t) => !isProtected(t, now))
      free.slice(0, excess).forEach((t) => stop(t, StopReasons.scaling(ts.id)))
      const held = order.filter((t) => isProtected(t, now)).slice(0, Math.max(0, excess - free.length))
      heldByProtection += held.length
      for (const t of held) protectionEnds = protectionEnds === undefined ? t.protectedUntil! : Math.min(protectionEnds, t.protectedUntil!)
    }
  }
  if (heldByProtection > 0) events.push(ServiceEvents.scaleInProtected(service.name, heldByProtection))

  // 3. One start: the first task set short of its count.
  const throttled = service.scheduler.nextStartAt !== undefined && service.scheduler.nextStartAt > now
  let start: StartIntent | undefined
  if (active && !throttled && s.mayPlace) {
    for (const ts of sets) {
      const short = computedDesiredCount(service.desiredCount, ts.scale, active) - kept.get(ts.id)!.length
      if (short > 0) {
        start = { deploymentId: ts.id, taskDefinitionArn: ts.taskDefinition, count: short, replacingUnhealthy: 0 }
        break
      }
    }
  }
  if (stoppedRunning.length > 0) events.push(ServiceEvents.stoppedRunning(service.name, stoppedRunning))
  if (stoppedPending > 0) events.push(ServiceEvents.stoppedPending(service.name, stoppedPending))

  // 4. Stability, as ECS defines STEADY_STATE.
  const stoppingIds = new Set([...stopping, ...[...writes.values()].filter((t) => t.desiredStatus === 'STOPPED' && t.lastStatus !== 'STOPPED')].map((t) => t.startedBy))
  const nextSets = sets.map((ts) => {
    const mine = kept.get(ts.id)!.filter((t) => writes.get(t.arn)?.desiredStatus !== 'STOPPED')
    const want = computedDesiredCount(service.desiredCount, ts.scale, active)
    const steady = taskSetSteady({
      want,
      running: mine.filter((t) => t.lastStatus === 'RUNNING').length,
      pending: mine.filter((t) => t.lastStatus !== 'RUNNING').length,
      stopping: stoppingIds.has(ts.id),
      draining: onDraining.get(ts.id)!.length > 0,
      unhealthy: mine.some((t) => health.get(t.arn) === 'unhealthy' || (healthRulesOf(s, t).checked && t.healthStatus !== 'HEALTHY')),
    })
    const status = steady ? 'STEADY_STATE' : 'STABILIZING'
    return status === ts.stabilityStatus ? ts : { ...ts, stabilityStatus: status, stabilityStatusAt: now }
  })
  if (nextSets.some((ts, i) => ts !== sets[i])) service = { ...service, taskSets: nextSets as TaskSetRecord[] }

  // 5. A deleted service retires once its last task is gone.
  if (service.status === 'DRAINING' && live.length === 0 && stopping.length === 0) service = { ...service, status: 'INACTIVE' }

  const wake = wakeAt(s, live, throttled ? service.scheduler.nextStartAt : undefined, protectionEnds)
  return finish(s, service, writes, events, start, wake)
}

/** STEADY_STATE for one task set (pure): the conditions ECS lists for it. */
export function taskSetSteady(c: { want: number; running: number; pending: number; stopping: boolean; draining: boolean; unhealthy: boolean }): boolean {
  return c.running === c.want && c.pending === 0 && !c.stopping && !c.draining && !c.unhealthy
}

const HEALTH_ORDER: Record<TaskHealth, number> = { pending: 0, starting: 1, unhealthy: 2, healthy: 3 }

/** Which of a task set's tasks stop first: the least healthy, then the newest, then by ARN. */
function stopOrder(tasks: readonly TaskRecord[], health: ReadonlyMap<string, TaskHealth>): TaskRecord[] {
  return [...tasks].sort((a, b) => HEALTH_ORDER[health.get(a.arn)!] - HEALTH_ORDER[health.get(b.arn)!] || b.createdAt - a.createdAt || a.arn.localeCompare(b.arn))
}

/** When time alone changes the plan: a health threshold, a lost instance, a throttle, a protection. */
function wakeAt(s: ServiceSnapshot, live: readonly TaskRecord[], throttleEnds: number | undefined, protectionEnds: number | undefined): number | undefined {
  const times: number[] = []
  for (const t of live) {
    const at = healthChangesAt(t, healthRulesOf(s, t), s.now)
    if (at !== undefined) times.push(at)
    const i = instanceOf(s, t)
    if (i && !i.agentConnected && i.agentDisconnectedAt !== undefined) times.push(i.agentDisconnectedAt + s.settings.lostAfterMs)
  }
  if (throttleEnds !== undefined) times.push(throttleEnds)
  if (protectionEnds !== undefined) times.push(protectionEnds)
  const future = times.filter((t) => t > s.now)
  return future.length > 0 ? Math.min(...future) : undefined
}

function finish(s: ServiceSnapshot, service: ServiceRecord, writes: Map<string, TaskRecord>, events: string[], start: StartIntent | undefined, wake: number | undefined): ServicePlan {
  const changed = service !== s.service && JSON.stringify(service) !== JSON.stringify(s.service)
  return {
    service: changed ? { ...service, version: s.service.version + 1 } : s.service,
    tasks: [...writes.values()],
    ...(start ? { start } : {}),
    events,
    ...(wake !== undefined ? { wakeAt: wake } : {}),
  }
}
