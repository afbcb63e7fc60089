import type { ServiceRecord } from '../../core/model/service.js'
import { computedDesiredCount, type TaskSetRecord } from '../../core/model/task-set.js'
import { isProtected } from '../../core/model/task-protection.js'
import { isWaitingForCapacity, type TaskRecord } from '../../core/model/task.js'
import { account } from './accounting.js'
import { combinedHealth, healthRulesOf, instanceLost, instanceOf, loadBalancersOf } from './classify.js'
import { healthChangesAt, type TaskHealth } from './health.js'
import {
  countByGroup,
  loadBalancerHealth,
  rowOf,
  targetChanges,
  targetsDrained,
  taskTargets,
  type LoadBalancerHealth,
  type TargetChanges,
  type TargetKey,
} from './load-balancing.js'
import { ServiceEvents, StopReasons } from './messages.js'
import type { ServicePlan, ServiceSnapshot, StartIntent } from './snapshot.js'

/**
 * The scheduler's decision for a service with the EXTERNAL deployment controller (pure): each
 * task set keeps its computed count of tasks running (ceil(desiredCount × scale %); 0 once the
 * service is deleted), with its own task definition, its tasks started by its id. The external
 * controller moves traffic and scale; Berth does what the counts say, at once — no rolling
 * bounds, which belong to deployments Berth makes itself. A task set's load balancer (its one
 * target group) is served as a service's (load-balancing.ts): each task's binding registered
 * while it is RUNNING and wanted, drained before it is told to stop. Per pass:
 *
 *   1. stopped tasks accounted once (throttling after failures to start, as any service)
 *   2. stop: tasks of no task set, lost with their instance, failing their container or
 *      target-group health checks; a task set's excess (pending first, DRAINING instances
 *      first, newest first; never one under scale-in protection) — all of a DRAINING
 *      (deleted) task set's — and its tasks on DRAINING instances once it has enough
 *      elsewhere. One taking traffic deactivates: its targets drain, then it stops
 *   3. start: the first task set short of its count (one start a pass; the next pass goes on)
 *   4. targets registered and deregistered, with ECS's events
 *   5. each task set's stabilityStatus: STEADY_STATE when its running tasks equal its computed
 *      count with nothing pending, stopping or draining, none on a DRAINING instance, and all
 *      healthy in its target group and by their container health checks; a DRAINING task set
 *      with no task left is removed
 *   6. a deleted (DRAINING) service with no task left becomes INACTIVE
 */
export function reconcileTaskSets(s: ServiceSnapshot): ServicePlan {
  const { now } = s
  let service = s.service
  if (service.status === 'INACTIVE') return { service, tasks: [], events: [] }
  const writes = new Map<string, TaskRecord>()
  const write = (t: TaskRecord) => writes.set(t.arn, t)
  const events: string[] = []

  // What each task is to the load balancers: its targets, their health, and with them its own.
  const views = new Map<string, TaskView>(s.tasks.map((t) => [t.arn, viewTask(s, t)]))
  const view = (t: TaskRecord) => views.get(t.arn)!

  // 1. Accounting (no deployments: only throttling and the healthy marks).
  const stopped = s.tasks.filter((t) => t.lastStatus === 'STOPPED' && !t.serviceAccounted)
  const live = s.tasks.filter((t) => t.lastStatus !== 'STOPPED' && t.desiredStatus === 'RUNNING')
  const stopping = s.tasks.filter((t) => t.lastStatus !== 'STOPPED' && t.desiredStatus === 'STOPPED')
  const healthyNow = live.filter((t) => view(t).health === 'healthy' && t.healthyAt === undefined)
  if (stopped.length > 0 || healthyNow.length > 0) {
    const acc = account([], service.scheduler, stopped, healthyNow, now)
    service = { ...service, scheduler: acc.scheduler }
    acc.marked.forEach(write)
    if (acc.throttledNow) events.push(ServiceEvents.throttled(service.name))
  }

  // 2. Stops. A task taking traffic deactivates first: its targets drain, and it is told to stop
  // once the load balancer has let them go (as for any service, reconcile.ts).
  const stoppedRunning: string[] = []
  let stoppedPending = 0
  let deactivated = 0
  const stopNow = (t: TaskRecord, stopCode: NonNullable<TaskRecord['stopCode']>, reason: string) => {
    const base = writes.get(t.arn) ?? t
    write({ ...base, desiredStatus: 'STOPPED', stopCode, stoppedReason: reason, stoppingAt: now, version: t.version + 1 })
    if (t.lastStatus === 'RUNNING') stoppedRunning.push(t.id)
    else stoppedPending++
  }
  const stop = (t: TaskRecord, reason: string, lost = false) => {
    if (t.deactivating !== undefined && !lost) return
    const takesTraffic = !lost && t.lastStatus === 'RUNNING' && view(t).targets.some((k) => rowOf(k, s.targetGroups)?.state === 'registered')
    if (!takesTraffic) return stopNow(t, 'ServiceSchedulerInitiated', reason)
    const base = writes.get(t.arn) ?? t
    write({ ...base, deactivating: { since: now, stopCode: 'ServiceSchedulerInitiated', stoppedReason: reason }, version: t.version + 1 })
    deactivated++
  }
  const sets = service.taskSets ?? []
  const active = service.status === 'ACTIVE'
  const kept = new Map<string, TaskRecord[]>(sets.map((ts) => [ts.id, []]))
  const onDraining = new Map<string, TaskRecord[]>(sets.map((ts) => [ts.id, []]))
  /** Task sets with a task deactivating (its targets draining): not steady. */
  const drainingTargets = new Set<string>()
  for (const t of live) {
    const instance = instanceOf(s, t)
    const mine = t.startedBy === undefined ? undefined : kept.get(t.startedBy)
    // A task waiting for capacity has no instance to lose.
    const lost = !isWaitingForCapacity(t) && instanceLost(instance, s.settings.lostAfterMs, now)
    const d = t.deactivating
    if (d) {
      // A deactivating task whose targets have drained is told to stop, as it was decided when it began to.
      if (lost || targetsDrained(view(t).targets, s.targetGroups)) stopNow(t, d.stopCode, d.stoppedReason)
      else if (t.startedBy !== undefined) drainingTargets.add(t.startedBy)
      continue
    }
    const health = view(t).health
    if (!mine) stop(t, StopReasons.scaling(t.startedBy ?? ''))
    else if (lost) stop(t, StopReasons.instanceLost(instance?.id ?? (t.containerInstanceArn ?? '').split('/').pop()!, Math.round(s.settings.lostAfterMs / 1000)), true)
    else if (health === 'unhealthy') {
      const balancer = view(t).balancer
      if (balancer.kind === 'unhealthy') {
        const subject = balancer.target.id.startsWith('i-') ? `(instance ${balancer.target.id})` : `(task ${t.id})`
        events.push(ServiceEvents.unhealthyInTargetGroup(service.name, subject, balancer.target.port, balancer.target.targetGroupArn, balancer.description))
        stop(t, StopReasons.failedElbHealthChecks(balancer.target.targetGroupArn))
      } else {
        events.push(ServiceEvents.failedHealthChecks(service.name, t.id))
        stop(t, StopReasons.failedHealthChecks)
      }
    } else if (instance?.status === 'DRAINING') onDraining.get(t.startedBy!)!.push(t)
    else mine.push(t)
  }
  const wantOf = (ts: TaskSetRecord) => computedDesiredCount(service.desiredCount, ts.scale, active, ts.status)
  let heldByProtection = 0
  let protectionEnds: number | undefined
  for (const ts of sets) {
    const want = wantOf(ts)
    const mine = kept.get(ts.id)!
    const draining = onDraining.get(ts.id)!
    for (const t of draining) if (t.lastStatus !== 'RUNNING' || mine.length >= want) stop(t, StopReasons.scaling(ts.id))
    const excess = mine.length - want
    if (excess > 0) {
      const order = stopOrder(mine, views)
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
      const short = wantOf(ts) - kept.get(ts.id)!.length
      if (short > 0) {
        start = { deploymentId: ts.id, taskDefinitionArn: ts.taskDefinition, count: short, replacingUnhealthy: 0 }
        break
      }
    }
  }
  // Targets: registered for tasks that want traffic, deregistered (draining) for those that do not.
  const targets = targetChanges(s.tasks.map((t) => ({ task: writes.get(t.arn) ?? t, targets: view(t).targets })), s.targetGroups)
  events.push(...countByGroup(targets.register).map(([arn, n]) => ServiceEvents.registeredTargets(service.name, n, arn)))
  events.push(...countByGroup(targets.deregister).map(([arn, n]) => ServiceEvents.deregisteredTargets(service.name, n, arn)))
  if (deactivated > 0) events.push(ServiceEvents.beganDraining(service.name, deactivated))
  if (stoppedRunning.length > 0) events.push(ServiceEvents.stoppedRunning(service.name, stoppedRunning))
  if (stoppedPending > 0) events.push(ServiceEvents.stoppedPending(service.name, stoppedPending))

  // 4. Stability, as ECS defines STEADY_STATE; 5. DRAINING task sets leave once their last task is gone.
  const stoppingIds = new Set([
    ...stopping.map((t) => t.startedBy),
    ...drainingTargets,
    ...[...writes.values()].filter((t) => (t.desiredStatus === 'STOPPED' || t.deactivating !== undefined) && t.lastStatus !== 'STOPPED').map((t) => t.startedBy),
  ])
  const holdsTasks = new Set(s.tasks.filter((t) => t.lastStatus !== 'STOPPED').map((t) => t.startedBy))
  const nextSets = sets.flatMap((ts): TaskSetRecord[] => {
    if (ts.status === 'DRAINING' && !holdsTasks.has(ts.id)) return []
    const mine = kept.get(ts.id)!.filter((t) => writes.get(t.arn)?.desiredStatus !== 'STOPPED' && writes.get(t.arn)?.deactivating === undefined)
    const steady = taskSetSteady({
      want: wantOf(ts),
      running: mine.filter((t) => t.lastStatus === 'RUNNING').length,
      pending: mine.filter((t) => t.lastStatus !== 'RUNNING').length,
      stopping: stoppingIds.has(ts.id),
      draining: onDraining.get(ts.id)!.length > 0,
      unhealthy: mine.some((t) => !reportsHealthy(s, t, view(t))),
    })
    const status = steady ? 'STEADY_STATE' : 'STABILIZING'
    return [status === ts.stabilityStatus ? ts : { ...ts, stabilityStatus: status, stabilityStatusAt: now }]
  })
  if (nextSets.length !== sets.length || nextSets.some((ts, i) => ts !== sets[i])) service = { ...service, taskSets: nextSets }

  // 6. A deleted service retires once its last task is gone.
  if (service.status === 'DRAINING' && live.length === 0 && stopping.length === 0) service = { ...service, status: 'INACTIVE' }

  const wake = wakeAt(s, live, views, throttled ? service.scheduler.nextStartAt : undefined, protectionEnds)
  return finish(s, service, writes, events, start, wake, targets)
}

/** A task as the load balancers see it: its targets, what they say, and its health with them. */
interface TaskView {
  targets: TargetKey[]
  balancer: LoadBalancerHealth
  health: TaskHealth
}

function viewTask(s: ServiceSnapshot, t: TaskRecord): TaskView {
  const rules = healthRulesOf(s, t)
  const targets = taskTargets(t, instanceOf(s, t), loadBalancersOf(s, t), s.targetGroups)
  const pastGrace = t.startedAt !== undefined && s.now - t.startedAt >= rules.graceMs
  const balancer = loadBalancerHealth(targets, s.targetGroups, pastGrace)
  return { targets, balancer, health: combinedHealth(t, rules, balancer, s.now) }
}

/**
 * "All tasks are reporting a healthy status from the load balancers ... and container health
 * checks" (ECS's STEADY_STATE): healthy in its target group when it has one, HEALTHY when its
 * containers have checks; a task with neither reports nothing against it.
 */
function reportsHealthy(s: ServiceSnapshot, t: TaskRecord, v: TaskView): boolean {
  if (v.health === 'unhealthy') return false
  if (v.balancer.kind !== 'none' && v.health !== 'healthy') return false
  return !healthRulesOf(s, t).checked || t.healthStatus === 'HEALTHY'
}

/** STEADY_STATE for one task set (pure): the conditions ECS lists for it. */
export function taskSetSteady(c: { want: number; running: number; pending: number; stopping: boolean; draining: boolean; unhealthy: boolean }): boolean {
  return c.running === c.want && c.pending === 0 && !c.stopping && !c.draining && !c.unhealthy
}

const HEALTH_ORDER: Record<TaskHealth, number> = { pending: 0, starting: 1, unhealthy: 2, healthy: 3 }

/** Which of a task set's tasks stop first: the least healthy, then the newest, then by ARN. */
function stopOrder(tasks: readonly TaskRecord[], views: ReadonlyMap<string, TaskView>): TaskRecord[] {
  const rank = (t: TaskRecord) => HEALTH_ORDER[views.get(t.arn)!.health]
  return [...tasks].sort((a, b) => rank(a) - rank(b) || b.createdAt - a.createdAt || a.arn.localeCompare(b.arn))
}

/** When time alone changes the plan: a health threshold, a lost instance, a throttle, a protection. */
function wakeAt(s: ServiceSnapshot, live: readonly TaskRecord[], views: ReadonlyMap<string, TaskView>, throttleEnds: number | undefined, protectionEnds: number | undefined): number | undefined {
  const times: number[] = []
  for (const t of live) {
    const rules = healthRulesOf(s, t)
    const at = healthChangesAt(t, rules, s.now)
    if (at !== undefined) times.push(at)
    // A target found unhealthy within the grace period counts once the grace period ends.
    const unhealthyTarget = views.get(t.arn)!.targets.some((k) => rowOf(k, s.targetGroups)?.health.state === 'unhealthy')
    if (unhealthyTarget && t.startedAt !== undefined) times.push(t.startedAt + rules.graceMs)
    const i = instanceOf(s, t)
    if (i && !i.agentConnected && i.agentDisconnectedAt !== undefined) times.push(i.agentDisconnectedAt + s.settings.lostAfterMs)
  }
  if (throttleEnds !== undefined) times.push(throttleEnds)
  if (protectionEnds !== undefined) times.push(protectionEnds)
  const future = times.filter((t) => t > s.now)
  return future.length > 0 ? Math.min(...future) : undefined
}

function finish(
  s: ServiceSnapshot,
  service: ServiceRecord,
  writes: Map<string, TaskRecord>,
  events: string[],
  start: StartIntent | undefined,
  wake: number | undefined,
  targets: TargetChanges,
): ServicePlan {
  const changed = service !== s.service && JSON.stringify(service) !== JSON.stringify(s.service)
  return {
    service: changed ? { ...service, version: s.service.version + 1 } : s.service,
    tasks: [...writes.values()],
    ...(start ? { start } : {}),
    ...(targets.register.length + targets.deregister.length > 0 ? { targets } : {}),
    events,
    ...(wake !== undefined ? { wakeAt: wake } : {}),
  }
}
