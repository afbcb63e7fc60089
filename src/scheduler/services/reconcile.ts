import { circuitBreakerThreshold } from '../../core/model/service-deployments.js'
import type { ContainerInstanceRecord } from '../../core/model/container-instance.js'
import type { ServiceDeploymentRecord, ServiceRecord } from '../../core/model/service.js'
import type { TaskRecord } from '../../core/model/task.js'
import { account } from './accounting.js'
import { classifyTasks, healthRulesOf, instanceLost, instanceOf, loadBalancersOf, type ClassifiedTask } from './classify.js'
import { daemonEligibility, freeInstances, moveDuplicates } from './daemon.js'
import { deploymentAlarmVerdict } from './deployment-alarms.js'
import { healthChangesAt } from './health.js'
import { countByGroup, rowOf, targetChanges, targetsDrained, taskTargets, type TargetChanges, type TargetKey } from './load-balancing.js'
import { EVENT_REPEAT_AFTER_MS, ServiceEvents, StopReasons } from './messages.js'
import { alarmed, completed, retired, serviceDeploymentUnderway, tripped, withFailureCount } from './progress.js'
import { planRebalance } from './rebalance.js'
import { fenceposts, rollingStep } from './rollout.js'
import { chooseStops, firstProtectionEnd } from './select.js'
import type { ServicePlan, ServiceSnapshot, StartIntent } from './snapshot.js'
import { reconcileTaskSets } from './task-sets.js'
import { holdsBlue, trafficMoves, type TrafficMoves } from './traffic-moves.js'

/**
 * The service scheduler's one decision (pure): from a snapshot of one service — its
 * deployments, its tasks, the cluster's instances, the time — to a plan: the records to write,
 * the tasks to start and stop, the events to tell. The applier carries it out; the next pass
 * sees the result. Level-triggered: the same snapshot always gives the same plan, and a plan
 * whose effects are already in the snapshot is empty.
 *
 *   1. count what happened: stopped tasks (failures, throttling), tasks healthy at last
 *   2. the circuit breaker: too many failures → FAILED, maybe rolled back (and nothing else);
 *      likewise a deployment alarm gone into ALARM (deployment-alarms.ts)
 *   3. sort live tasks: keepers, outgoing, stopping, unhealthy, lost (classify.ts)
 *   4. an Availability Zone out of balance: one task to move (rebalance.ts)
 *   5. one rolling step within minimumHealthyPercent and maximumPercent (rollout.ts)
 *   6. which tasks stop (select.ts: never one under scale-in protection), how many start and where
 *   7. the deployment's progress: old deployments drained away, COMPLETED (after the alarms'
 *      bake, with deployment alarms), steady state,
 *      a deleted service's last task gone
 *
 * Blue/green, linear and canary (traffic-moves.ts): until CLEAN_UP the old deployments' tasks
 * are held — step 5 sees none outgoing, so green scales up to the desired count beside them —
 * and between 6 and 7 the service deployment moves one stage and the rules' weights follow.
 */
export function reconcileService(s: ServiceSnapshot): ServicePlan {
  // An EXTERNAL controller's service runs task sets, not deployments (task-sets.ts).
  if (s.service.deploymentController === 'EXTERNAL') return reconcileTaskSets(s)
  const { now } = s
  let service = s.service
  if (service.status === 'INACTIVE' || service.deployments.length === 0) return { service, tasks: [], events: [] }
  let sd: ServiceDeploymentRecord | undefined = s.serviceDeployment
  let sdChanged = false
  const setSd = (next: ServiceDeploymentRecord | undefined) => {
    if (next) {
      sd = next
      sdChanged = true
    }
  }
  const events: string[] = []
  const writes = new Map<string, TaskRecord>()
  const write = (t: TaskRecord) => writes.set(t.arn, t)

  // 1. What happened since the last pass.
  const daemon = service.schedulingStrategy === 'DAEMON'
  const primaryTd = s.taskDefinitions.get(service.deployments[0]!.taskDefinition)
  const eligible = daemon ? daemonEligibility(service, primaryTd) : (i: { status: string }) => i.status === 'ACTIVE'
  const classified = classifyTasks(s, eligible)
  const stopped = s.tasks.filter((t) => t.lastStatus === 'STOPPED' && !t.serviceAccounted)
  const healthyNow = classified.filter((c) => c.health === 'healthy' && c.role !== 'lost' && c.task.healthyAt === undefined).map((c) => c.task)
  if (stopped.length > 0 || healthyNow.length > 0) {
    const acc = account(service.deployments, service.scheduler, stopped, healthyNow, now)
    service = { ...service, deployments: acc.deployments, scheduler: acc.scheduler }
    acc.marked.forEach(write)
    if (acc.throttledNow) events.push(ServiceEvents.throttled(service.name))
  }
  if (sd) setSd(serviceDeploymentUnderway(sd, now))
  let primary = service.deployments[0]!
  if (sd) setSd(withFailureCount(sd, primary.failedTasks, now))

  // 2. The circuit breaker: a move of its own, this pass does nothing else.
  const desired = desiredCountOf(s, service, eligible)
  const breaker = service.deploymentConfiguration.deploymentCircuitBreaker
  if (service.status === 'ACTIVE' && breaker.enable && primary.rolloutState === 'IN_PROGRESS' && !primary.succeeded && primary.failedTasks >= circuitBreakerThreshold(desired)) {
    const t = tripped(service, sd, s.tasks, now)
    setSd(t.serviceDeployment)
    return finish(s, t.service, sdChanged ? sd : undefined, writes, [...events, ...t.events], undefined, now)
  }
  // 2b. Deployment alarms: a named alarm gone into ALARM fails the PRIMARY as the breaker does.
  const alarms = deploymentAlarmVerdict(service.deploymentConfiguration.alarms, primary, s.alarms)
  if (service.status === 'ACTIVE' && primary.rolloutState === 'IN_PROGRESS' && alarms.triggered.length > 0) {
    const t = alarmed(service, sd, s.tasks, alarms.triggered, now)
    setSd(t.serviceDeployment)
    return finish(s, t.service, sdChanged ? sd : undefined, writes, [...events, ...t.events], undefined, now)
  }
  if (daemon && service.status === 'ACTIVE' && service.desiredCount !== desired) service = { ...service, desiredCount: desired }

  // 3. Tasks lost with their instance, and tasks that failed their health checks, stop now.
  const stoppedNow: ClassifiedTask[] = []
  /** Tasks whose targets begin draining this pass: they stop once the load balancer lets them go. */
  const deactivated: ClassifiedTask[] = []
  const stopTask = (c: ClassifiedTask, reason: string) => {
    if (c.task.desiredStatus === 'STOPPED' || (c.task.deactivating !== undefined && c.role !== 'lost')) return
    const base = writes.get(c.task.arn) ?? c.task
    const takesTraffic = c.role !== 'lost' && c.task.lastStatus === 'RUNNING' && c.targets.some((k) => rowOf(k, s.targetGroups)?.state === 'registered')
    if (takesTraffic) {
      deactivated.push(c)
      write({ ...base, deactivating: { since: now, stopCode: 'ServiceSchedulerInitiated', stoppedReason: reason }, version: c.task.version + 1 })
      return
    }
    stoppedNow.push(c)
    write({ ...base, desiredStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated', stoppedReason: reason, stoppingAt: now, version: c.task.version + 1 })
  }
  for (const c of classified) {
    // A task whose targets have drained is told to stop, as it was decided when it began to.
    const d = c.task.deactivating
    if (d && c.task.desiredStatus === 'RUNNING' && (c.role === 'lost' || targetsDrained(c.targets, s.targetGroups))) {
      stoppedNow.push(c)
      write({ ...c.task, desiredStatus: 'STOPPED', stopCode: d.stopCode, stoppedReason: d.stoppedReason, stoppingAt: now, version: c.task.version + 1 })
      continue
    }
    if (c.role === 'lost') stopTask(c, StopReasons.instanceLost(c.instance?.id ?? (c.task.containerInstanceArn ?? '').split('/').pop()!, Math.round(s.settings.lostAfterMs / 1000)))
    if (c.role === 'unhealthy' && c.balancer.kind === 'unhealthy') {
      const { target, description } = c.balancer
      const subject = target.id.startsWith('i-') ? `(instance ${target.id})` : `(task ${c.task.id})`
      events.push(ServiceEvents.unhealthyInTargetGroup(service.name, subject, target.port, target.targetGroupArn, description))
      stopTask(c, StopReasons.failedElbHealthChecks(target.targetGroupArn))
    } else if (c.role === 'unhealthy') {
      events.push(ServiceEvents.failedHealthChecks(service.name, c.task.id))
      stopTask(c, StopReasons.failedHealthChecks)
    }
    // "Service tasks on the container instance that are in the PENDING state are stopped immediately."
    if (c.role === 'outgoing' && c.health === 'pending' && c.instance?.status === 'DRAINING') {
      stopTask(c, StopReasons.scaling(c.deployment?.id ?? c.task.startedBy ?? ''))
      c.role = 'stopping'
    }
  }
  const replacingUnhealthy = classified.filter((c) => c.role === 'unhealthy').length
  const live = classified.filter((c) => c.role !== 'lost')
  const keepers = live.filter((c) => c.role === 'keeper')
  const outgoing = live.filter((c) => c.role === 'outgoing')
  if (daemon) moveDuplicates(keepers, outgoing)

  // 4. Availability Zone balance: one task moves at a time, once the service is steady.
  const rebalance = planRebalance(s, service, keepers, outgoing, desired)
  service = rebalance.service
  events.push(...rebalance.events)

  // 5. One rolling step. A blue/green shift before CLEAN_UP holds blue: nothing is outgoing yet.
  // RECONCILE_SERVICE (a deployment started in the middle of a shift): the interrupted shift's
  // other revision, which carries no traffic any more, is stopped at once (draining first);
  // blue, production's, stays held.
  const hold = holdsBlue(sd)
  const reconciling = hold && sd?.trafficShift?.stage === 'RECONCILE_SERVICE'
  const leftover = reconciling ? outgoing.filter((c) => c.deployment?.targetGroupArn !== sd?.trafficShift?.blueTargetGroupArn) : []
  for (const c of leftover) {
    stopTask(c, StopReasons.scaling(c.deployment?.id ?? c.task.startedBy ?? ''))
    c.role = 'stopping'
  }
  const replaceable = hold ? [] : outgoing
  const throttled = service.scheduler.nextStartAt !== undefined && service.scheduler.nextStartAt > now
  const canStart = service.status === 'ACTIVE' && primary.rolloutState !== 'FAILED' && !throttled && s.mayPlace
  const stopping = live.filter((c) => c.role === 'stopping' || c.role === 'unhealthy').length
  const healthy = (cs: ClassifiedTask[]) => cs.filter((c) => c.health === 'healthy').length
  const counts = { desired, keepers: keepers.length, healthyKeepers: healthy(keepers), outgoing: replaceable.length, healthyOutgoing: healthy(replaceable), stopping }
  const settings = service.deploymentConfiguration
  const rolling = rollingStep(counts, fenceposts(desired, settings.minimumHealthyPercent, settings.maximumPercent), canStart)
  // A DAEMON's maximumPercent (100) means one task per instance: it starts wherever an
  // eligible instance has none, whatever other instances are doing.
  const step = daemon ? { ...rolling, start: canStart ? freeInstances(s, live, eligible).length : 0, stuck: false } : rolling

  // 6. Which tasks stop, and what starts.
  // Tasks under scale-in protection are passed over; a scale-in they hold back is said, and
  // the service wakes when the first of them is free.
  const choice = chooseStops(step, keepers, replaceable, live, now)
  for (const c of choice.stops) stopTask(c, rebalance.moving.has(c) ? StopReasons.rebalancing(c.zone ?? '') : StopReasons.scaling(c.deployment?.id ?? c.task.startedBy ?? ''))
  if (choice.heldExcess.length > 0) events.push(ServiceEvents.scaleInProtected(service.name, choice.heldExcess.length))
  const protectionEnds = firstProtectionEnd([...choice.heldExcess, ...choice.heldOutgoing])
  const start = step.start > 0 ? startIntent(s, primary, step.start, live, eligible, rebalance.toZone, replacingUnhealthy) : undefined
  const targets = targetChanges(s.tasks.map((t) => ({ task: writes.get(t.arn) ?? t, targets: targetsOf(s, classified, t) })), s.targetGroups)
  events.push(...targetEvents(service.name, targets, deactivated.length))
  events.push(...stopEvents(service.name, stoppedNow))
  if (step.stuck) events.push(ServiceEvents.stuckByConfiguration(service.name))
  const greenReady = keepers.length >= desired && counts.healthyKeepers >= desired
  // Stopping or draining, the other revision still counts: the stage moves on once it is gone.
  const othersLive = reconciling && live.some((c) => c.deployment !== undefined && c.deployment.id !== primary.id && c.deployment.targetGroupArn !== sd?.trafficShift?.blueTargetGroupArn)
  const traffic = trafficMoves(sd, greenReady, s.rules, now, othersLive)
  const before = sd?.trafficShift
  const after = traffic.serviceDeployment?.trafficShift
  if (before && after && (after.stage !== before.stage || after.productionWeight !== before.productionWeight)) {
    events.push(ServiceEvents.lifecycleStage(service.name, traffic.serviceDeployment!.deploymentId, after.stage, after.productionWeight, after.greenTargetGroupArn))
  }
  setSd(traffic.serviceDeployment)

  // 7. Progress.
  const liveOf = (id: string) => live.some((c) => c.task.startedBy === id)
  const drained = service.deployments.filter((d, i) => i > 0 && !liveOf(d.id))
  if (drained.length > 0) service = { ...service, deployments: service.deployments.filter((d) => !drained.includes(d)) }
  primary = service.deployments[0]!
  const acted = stoppedNow.length > 0 || deactivated.length > 0 || start !== undefined
  let bakeWake: number | undefined
  const settled = !acted && !hold && service.deployments.length === 1 && outgoing.length === 0 && stopping === 0 && keepers.length === desired && counts.healthyKeepers === desired
  if (service.status === 'DRAINING' && live.length === 0) {
    const r = retired(service, sd, s.tasks, now)
    service = r.service
    setSd(r.serviceDeployment)
  } else if (service.status === 'ACTIVE' && settled && primary.rolloutState === 'IN_PROGRESS' && bakeEnd(service, alarms.bakeMs, now) > now) {
    // Deployment alarms: the deployment bakes, still watched, before it is COMPLETED.
    const since = service.scheduler.alarmBakeSince ?? now
    if (service.scheduler.alarmBakeSince === undefined) service = { ...service, scheduler: { ...service.scheduler, alarmBakeSince: since } }
    bakeWake = since + alarms.bakeMs
  } else if (service.status === 'ACTIVE' && settled && primary.rolloutState === 'IN_PROGRESS') {
    const { alarmBakeSince: _baked, ...scheduler } = service.scheduler
    const c = completed({ ...service, scheduler }, sd, s.tasks, now)
    service = c.service
    setSd(c.serviceDeployment)
    events.push(...c.events)
  } else if (service.status === 'ACTIVE' && settled && primary.rolloutState === 'COMPLETED') {
    const since = service.scheduler.steadySince
    if (since === undefined || now - since >= EVENT_REPEAT_AFTER_MS) {
      service = { ...service, scheduler: { ...service.scheduler, steadySince: now } }
      events.push(ServiceEvents.steadyState(service.name))
    }
  } else if (!settled && service.scheduler.steadySince !== undefined) {
    const { steadySince: _over, ...rest } = service.scheduler
    service = { ...service, scheduler: rest }
  }
  // A bake interrupted (a task lost, the count changed) starts again once settled.
  if (!settled && service.scheduler.alarmBakeSince !== undefined) {
    const { alarmBakeSince: _over, ...rest } = service.scheduler
    service = { ...service, scheduler: rest }
  }
  const wake = earliest(earliest(wakeAt(s, service, live, settled, throttled, keepers.length < desired), traffic.wakeAt), earliest(protectionEnds, bakeWake))
  return finish(s, service, sdChanged ? sd : undefined, writes, events, start, wake, targets, traffic.rules)
}

/** A task's targets as classified; a STOPPED task's too, so that they are deregistered. */
function targetsOf(s: ServiceSnapshot, classified: readonly ClassifiedTask[], task: TaskRecord): TargetKey[] {
  return classified.find((c) => c.task.arn === task.arn)?.targets ?? taskTargets(task, instanceOf(s, task), loadBalancersOf(s, task), s.targetGroups)
}

/** "registered N targets in (target-group …)", "deregistered …", "has begun draining connections on N tasks." */
function targetEvents(service: string, changes: TargetChanges, draining: number): string[] {
  return [
    ...countByGroup(changes.register).map(([arn, n]) => ServiceEvents.registeredTargets(service, n, arn)),
    ...countByGroup(changes.deregister).map(([arn, n]) => ServiceEvents.deregisteredTargets(service, n, arn)),
    ...(draining > 0 ? [ServiceEvents.beganDraining(service, draining)] : []),
  ]
}

/** The tasks a DAEMON or REPLICA service should run: its desiredCount, or one per eligible instance; none once deleted. */
function desiredCountOf(s: ServiceSnapshot, service: ServiceRecord, eligible: (i: ContainerInstanceRecord) => boolean): number {
  if (service.status !== 'ACTIVE') return 0
  if (service.schedulingStrategy !== 'DAEMON') return service.desiredCount
  return s.cluster.instances.filter((i) => eligible(i) && !instanceLost(i, s.settings.lostAfterMs, s.now)).length
}


function startIntent(
  s: ServiceSnapshot,
  primary: ServiceRecord['deployments'][number],
  count: number,
  live: ClassifiedTask[],
  eligible: (i: ContainerInstanceRecord) => boolean,
  zone: string | undefined,
  replacingUnhealthy: number,
): StartIntent | undefined {
  const base = { deploymentId: primary.id, taskDefinitionArn: primary.taskDefinition, replacingUnhealthy }
  if (s.service.schedulingStrategy !== 'DAEMON') return { ...base, count, ...(zone !== undefined ? { zone } : {}) }
  const instances = freeInstances(s, live, eligible).slice(0, count)
  return instances.length > 0 ? { ...base, count: instances.length, instances } : undefined
}


/** "has stopped N running tasks: (task a) ..." and "stopped N pending tasks." for the scheduler's own stops. */
function stopEvents(service: string, stopped: readonly ClassifiedTask[]): string[] {
  const running = stopped.filter((c) => c.task.lastStatus === 'RUNNING').map((c) => c.task.id)
  const pending = stopped.length - running.length
  return [...(running.length > 0 ? [ServiceEvents.stoppedRunning(service, running)] : []), ...(pending > 0 ? [ServiceEvents.stoppedPending(service, pending)] : [])]
}

/** The earliest time at which time alone changes this service's plan. */
function wakeAt(s: ServiceSnapshot, service: ServiceRecord, live: ClassifiedTask[], steady: boolean, throttled: boolean, short: boolean): number | undefined {
  const times: number[] = []
  for (const c of live) {
    const rules = healthRulesOf(s, c.task)
    const at = healthChangesAt(c.task, rules, s.now)
    if (at !== undefined) times.push(at)
    // A target found unhealthy within the grace period counts once the grace period ends.
    const unhealthyTarget = c.targets.some((k) => rowOf(k, s.targetGroups)?.health.state === 'unhealthy')
    if (unhealthyTarget && c.task.startedAt !== undefined) times.push(c.task.startedAt + rules.graceMs)
    const i = c.instance
    if (i && !i.agentConnected && i.agentDisconnectedAt !== undefined) times.push(i.agentDisconnectedAt + s.settings.lostAfterMs)
  }
  if (throttled && short) times.push(service.scheduler.nextStartAt!)
  if (steady && service.scheduler.steadySince !== undefined) times.push(service.scheduler.steadySince + EVENT_REPEAT_AFTER_MS)
  const future = times.filter((t) => t > s.now)
  return future.length > 0 ? Math.min(...future) : undefined
}

/** When a settled deployment's alarm bake ends: now when there is none or it has begun and run its course. */
function bakeEnd(service: ServiceRecord, bakeMs: number, now: number): number {
  if (bakeMs <= 0) return now
  return (service.scheduler.alarmBakeSince ?? now) + bakeMs
}

const earliest = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.min(a, b))

function finish(
  s: ServiceSnapshot,
  service: ServiceRecord,
  serviceDeployment: ServiceDeploymentRecord | undefined,
  writes: Map<string, TaskRecord>,
  events: string[],
  start: StartIntent | undefined,
  wake: number | undefined,
  targets?: TargetChanges,
  rules: TrafficMoves['rules'] = [],
): ServicePlan {
  // Most passes of a settled service never make a new record: compare only when one was made.
  const changed = service !== s.service && JSON.stringify(service) !== JSON.stringify(s.service)
  return {
    service: changed ? { ...service, version: s.service.version + 1 } : s.service,
    ...(serviceDeployment ? { serviceDeployment } : {}),
    tasks: [...writes.values()],
    ...(start ? { start } : {}),
    ...(targets && targets.register.length + targets.deregister.length > 0 ? { targets } : {}),
    ...(rules.length > 0 ? { rules } : {}),
    events,
    ...(wake !== undefined ? { wakeAt: wake } : {}),
  }
}
