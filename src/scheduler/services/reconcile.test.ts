import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { T0, deployment, instance, snapshot, task, type ScenarioInput } from '../../testing/service-scenario.js'
import type { TaskRecord } from '../../core/model/task.js'
import { mockAlarm } from '../../testing/alarms.js'
import { reconcileService } from './reconcile.js'
import type { ServicePlan } from './snapshot.js'

const NOW = T0 + 3_600_000
const d1 = deployment(1, 1, { rolloutState: 'COMPLETED', succeeded: true })
const d2 = deployment(2, 2)
const plan = (input: ScenarioInput) => reconcileService(snapshot({ now: NOW, ...input }))
const stops = (p: ServicePlan) => p.tasks.filter((t) => t.desiredStatus === 'STOPPED' && t.lastStatus !== 'STOPPED')
const healthy = (d = d1, n = 1, over: Partial<TaskRecord> = {}) => task(d, n, NOW, { runningFor: 120, healthyAt: NOW - 60_000, ...over })

describe('reconcileService: a replica service', () => {
  it('starts its desired count when it has no task', () => {
    const p = plan({ service: { desiredCount: 3 }, deployments: [deployment(1, 1)] })
    assert.deepEqual(p.start, { deploymentId: deployment(1, 1).id, taskDefinitionArn: deployment(1, 1).taskDefinition, count: 3, replacingUnhealthy: 0 })
    assert.deepEqual(p.events, [])
  })

  it('completes its first deployment once every task is healthy, and says so as ECS does', () => {
    const d = deployment(1, 1)
    const p = plan({ service: { desiredCount: 2 }, deployments: [d], tasks: [healthy(d, 1), healthy(d, 2)] })
    assert.equal(p.start, undefined)
    assert.equal(p.service.deployments[0]!.rolloutState, 'COMPLETED')
    assert.equal(p.service.deployments[0]!.rolloutStateReason, `ECS deployment ${d.id} completed.`)
    assert.equal(p.service.lastCompleted?.id, d.id)
    assert.deepEqual(p.events, [`(service web) (deployment ${d.id}) deployment completed.`, '(service web) has reached a steady state.'])
    assert.equal(p.serviceDeployment?.status, 'SUCCESSFUL')
  })

  it('does nothing at all when steady (level-triggered: the plan of a settled service is empty)', () => {
    const steady = { ...d1 }
    const p = plan({ service: { desiredCount: 2, scheduler: { startFailures: 0, rebalancing: false, steadySince: NOW - 1000 } }, deployments: [steady], tasks: [healthy(steady, 1), healthy(steady, 2)] })
    assert.deepEqual({ tasks: p.tasks, events: p.events, start: p.start }, { tasks: [], events: [], start: undefined })
  })

  it('replaces a task that stopped on its own, and counts the stop once', () => {
    const crashed = task(d1, 2, NOW, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', startedAt: NOW - 90_000, healthyAt: NOW - 50_000 })
    const p = plan({ service: { desiredCount: 2 }, deployments: [d1], tasks: [healthy(d1, 1), crashed] })
    assert.equal(p.start?.count, 1)
    assert.deepEqual(p.tasks.map((t) => [t.arn, t.serviceAccounted]), [[crashed.arn, true]])
    assert.deepEqual(p.events, [], 'ECS writes no event for a task that stopped on its own')
  })

  it('counts a task RUNNING without health checks as healthy only 40 s after it started, and wakes then', () => {
    const d = deployment(1, 1)
    const young = task(d, 1, NOW, { runningFor: 39 })
    const p = plan({ service: { desiredCount: 1 }, deployments: [d], tasks: [young] })
    assert.equal(p.service.deployments[0]!.rolloutState, 'IN_PROGRESS')
    assert.equal(p.wakeAt, young.startedAt! + 40_000)
  })

  it('waits for HEALTHY when the task definition has container health checks', () => {
    const d = deployment(1, 1)
    const reported = task(d, 1, NOW, { runningFor: 300, healthStatus: 'UNKNOWN' })
    const p = plan({ service: { desiredCount: 1 }, deployments: [d], tasks: [reported], checked: true })
    assert.equal(p.service.deployments[0]!.rolloutState, 'IN_PROGRESS')
    const ok = plan({ service: { desiredCount: 1 }, deployments: [d], tasks: [{ ...reported, healthStatus: 'HEALTHY' }], checked: true })
    assert.equal(ok.service.deployments[0]!.rolloutState, 'COMPLETED')
  })
})

describe('reconcileService: a rolling deployment (100 % / 200 %)', () => {
  const old = [1, 2, 3, 4].map((n) => healthy(d1, n))
  const instances = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => instance(n))

  it('starts the new deployment\'s tasks beside the old ones, stopping none', () => {
    const p = plan({ service: { desiredCount: 4 }, deployments: [d2, { ...d1, status: 'ACTIVE' }], tasks: old, instances })
    assert.equal(p.start?.count, 4)
    assert.equal(p.start?.deploymentId, d2.id)
    assert.deepEqual(stops(p), [])
  })

  it('stops old tasks as new ones become healthy, with ECS\'s reason and event', () => {
    const fresh = [1, 2].map((n) => healthy(d2, n + 4)).concat([3, 4].map((n) => task(d2, n + 4, NOW)))
    const p = plan({ service: { desiredCount: 4 }, deployments: [d2, { ...d1, status: 'ACTIVE' }], tasks: [...old, ...fresh], instances })
    const stopped = stops(p)
    assert.equal(stopped.length, 2)
    assert.ok(stopped.every((t) => t.startedBy === d1.id && t.stopCode === 'ServiceSchedulerInitiated' && t.stoppedReason === `Scaling activity initiated by (deployment ${d1.id})`))
    assert.deepEqual(p.events, [`(service web) has stopped 2 running tasks: ${stopped.map((t) => `(task ${t.id})`).join(' ')}.`])
    assert.equal(p.start, undefined)
  })

  it('drops the old deployment once its tasks are gone, then completes', () => {
    const fresh = [1, 2, 3, 4].map((n) => healthy(d2, n))
    const p = plan({ service: { desiredCount: 4 }, deployments: [d2, { ...d1, status: 'ACTIVE' }], tasks: fresh, instances })
    assert.deepEqual(p.service.deployments.map((d) => [d.id, d.rolloutState]), [[d2.id, 'COMPLETED']])
  })

  it('with static host ports on 5 instances for 4 tasks, rolls one spare instance at a time', () => {
    // Placement decides where; the scheduler only asks for what the bounds allow. Here the
    // one new task that fit is healthy: one old task may stop, and three more are wanted.
    const fresh = healthy(d2, 5)
    const p = plan({ service: { desiredCount: 4 }, deployments: [d2, { ...d1, status: 'ACTIVE' }], tasks: [...old, fresh], instances: [1, 2, 3, 4, 5].map((n) => instance(n)) })
    assert.equal(stops(p).length, 1)
    assert.equal(p.start?.count, 3)
  })
})

describe('reconcileService: failures', () => {
  const failedStart = (d = d2, n = 1) =>
    task(d, n, NOW, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'TaskFailedToStart', stoppedReason: 'CannotPullContainerError' })

  it('counts failed tasks of the new deployment for the circuit breaker', () => {
    const p = plan({ service: { desiredCount: 1 }, deployments: [d2, { ...d1, status: 'ACTIVE' }], tasks: [healthy(d1, 2), failedStart()] })
    assert.equal(p.service.deployments[0]!.failedTasks, 1)
  })

  it('trips the circuit breaker at 3 failures and rolls back to the last completed deployment', () => {
    const failing = { ...d2, failedTasks: 2 }
    const p = plan({
      service: { desiredCount: 1, lastCompleted: d1, deploymentConfiguration: { ...snapshotDefaults(), deploymentCircuitBreaker: { enable: true, rollback: true } } },
      deployments: [failing, { ...d1, status: 'ACTIVE' }],
      tasks: [healthy(d1, 2), failedStart()],
    })
    assert.deepEqual(
      p.service.deployments.map((d) => [d.id, d.status, d.rolloutState]),
      [
        [d1.id, 'PRIMARY', 'IN_PROGRESS'],
        [d2.id, 'ACTIVE', 'FAILED'],
      ],
    )
    assert.equal(p.service.deployments[0]!.rolloutStateReason, `ECS deployment circuit breaker: rolling back to deploymentId ${d1.id}.`)
    assert.equal(p.service.deployments[1]!.rolloutStateReason, 'ECS deployment circuit breaker: tasks failed to start.')
    assert.equal(p.service.taskDefinition, d1.taskDefinition)
    assert.deepEqual(p.events, [`(service web) (deployment ${d2.id}) deployment failed: tasks failed to start.`, `(service web) rolling back to deployment ${d1.id}.`])
    assert.equal(p.serviceDeployment?.status, 'ROLLBACK_IN_PROGRESS')
    assert.equal(p.serviceDeployment?.circuitBreaker.status, 'TRIGGERED')
  })

  it('without rollback marks the deployment FAILED and launches nothing more', () => {
    const failing = { ...d2, failedTasks: 2 }
    const input = {
      service: { desiredCount: 1, lastCompleted: d1, deploymentConfiguration: { ...snapshotDefaults(), deploymentCircuitBreaker: { enable: true, rollback: false } } },
      deployments: [failing],
      tasks: [failedStart()],
    }
    const p = plan(input)
    assert.equal(p.service.deployments[0]!.rolloutState, 'FAILED')
    assert.equal(p.serviceDeployment?.status, 'STOPPED')
    const next = plan({ ...input, deployments: p.service.deployments, tasks: p.tasks })
    assert.equal(next.start, undefined, 'a FAILED deployment starts nothing')
  })

  it('throttles a service whose tasks keep failing to start, and says so', () => {
    const p = plan({ service: { desiredCount: 1, scheduler: { startFailures: 2, rebalancing: false } }, deployments: [d2], tasks: [failedStart()] })
    assert.equal(p.service.scheduler.startFailures, 3)
    assert.equal(p.service.scheduler.nextStartAt, NOW + 30_000)
    assert.equal(p.start, undefined)
    assert.deepEqual(p.events, ['(service web) is unable to consistently start tasks successfully.'])
    assert.equal(p.wakeAt, NOW + 30_000)
  })

  it('stops a task that failed its container health checks past the grace period, and replaces it', () => {
    const sick = task(d1, 1, NOW, { runningFor: 120, healthStatus: 'UNHEALTHY', healthyAt: NOW - 100_000 })
    const p = plan({ service: { desiredCount: 2 }, deployments: [d1], tasks: [sick, healthy(d1, 2)], checked: true })
    assert.deepEqual(stops(p).map((t) => [t.arn, t.stoppedReason]), [[sick.arn, 'Task failed container health checks']])
    assert.deepEqual(p.events, [`(service web) (task ${sick.id}) failed container health checks.`, `(service web) has stopped 1 running tasks: (task ${sick.id}).`])
    assert.equal(p.start?.count, 1)
    assert.equal(p.start?.replacingUnhealthy, 1)
  })

  it('ignores an unhealthy report inside the grace period, and wakes when it ends', () => {
    const sick = task(d1, 1, NOW, { runningFor: 10, healthStatus: 'UNHEALTHY' })
    const p = plan({ service: { desiredCount: 1, healthCheckGracePeriodSeconds: 60 }, deployments: [d1], tasks: [sick], checked: true })
    assert.deepEqual(stops(p), [])
    assert.equal(p.wakeAt, sick.startedAt! + 60_000)
  })
})

describe('reconcileService: instances', () => {
  it('replaces a task on a DRAINING instance within the bounds: start first, stop once healthy', () => {
    const instances = [instance(1, { status: 'DRAINING' }), instance(2), instance(3)]
    const onDraining = healthy(d1, 1)
    const p = plan({ service: { desiredCount: 2 }, deployments: [d1], tasks: [onDraining, healthy(d1, 2)], instances })
    assert.equal(p.start?.count, 1)
    assert.deepEqual(stops(p), [])
    const later = plan({ service: { desiredCount: 2 }, deployments: [d1], tasks: [onDraining, healthy(d1, 2), healthy(d1, 3)], instances })
    assert.deepEqual(stops(later).map((t) => t.arn), [onDraining.arn])
  })

  it('stops a pending task on a DRAINING instance at once', () => {
    const instances = [instance(1, { status: 'DRAINING' }), instance(2)]
    const pending = task(d1, 1, NOW)
    const p = plan({ service: { desiredCount: 1 }, deployments: [d1], tasks: [pending], instances })
    assert.deepEqual(stops(p).map((t) => t.arn), [pending.arn])
    assert.deepEqual(p.events, ['(service web) stopped 1 pending tasks.'])
  })

  it('replaces the tasks of an instance whose agent has been gone past the timeout, and waits before that', () => {
    const gone = (since: number) => [instance(1, { agentConnected: false, agentDisconnectedAt: NOW - since }), instance(2)]
    const t = healthy(d1, 1)
    const early = plan({ service: { desiredCount: 1 }, deployments: [d1], tasks: [t], instances: gone(10_000) })
    assert.equal(early.start, undefined)
    assert.equal(early.wakeAt, NOW - 10_000 + 30_000)
    const late = plan({ service: { desiredCount: 1 }, deployments: [d1], tasks: [t], instances: gone(30_000) })
    assert.deepEqual(stops(late).map((x) => x.arn), [t.arn])
    assert.match(stops(late)[0]!.stoppedReason!, /disconnected for more than 30 seconds/)
    assert.equal(late.start?.count, 1, 'a lost task counts nowhere: its replacement starts at once')
  })
})

describe('reconcileService: scaling and deletion', () => {
  it('scales in to the desired count, stopping from the fullest zone', () => {
    const tasks = [healthy(d1, 1), healthy(d1, 4), healthy(d1, 2)] // instances 1 and 4 are both us-east-1b
    const p = plan({ service: { desiredCount: 2 }, deployments: [d1], tasks, instances: [1, 2, 3, 4].map((n) => instance(n)) })
    assert.equal(stops(p).length, 1)
    assert.equal(stops(p)[0]!.availabilityZone, 'us-east-1b')
  })

  it('says when the deployment configuration lets nothing move', () => {
    const p = plan({
      service: { desiredCount: 2, deploymentConfiguration: { ...snapshotDefaults(), maximumPercent: 100, minimumHealthyPercent: 100 } },
      deployments: [d2, { ...d1, status: 'ACTIVE' }],
      tasks: [healthy(d1, 1), healthy(d1, 2)],
    })
    assert.equal(p.start, undefined)
    assert.deepEqual(stops(p), [])
    assert.match(p.events[0]!, /was unable to stop or start tasks during a deployment because of the service deployment configuration/)
  })

  it('stops a deleted service\'s tasks, then makes it INACTIVE', () => {
    const t = healthy(d1, 1)
    const p = plan({ service: { desiredCount: 0, status: 'DRAINING' }, deployments: [d1], tasks: [t] })
    assert.deepEqual(stops(p).map((x) => x.arn), [t.arn])
    const done = plan({ service: { desiredCount: 0, status: 'DRAINING' }, deployments: [d1], tasks: [] })
    assert.equal(done.service.status, 'INACTIVE')
  })
})

describe('reconcileService: a daemon service', () => {
  const daemon = { schedulingStrategy: 'DAEMON' as const, desiredCount: 0, deploymentConfiguration: { ...snapshotDefaults(), maximumPercent: 100, minimumHealthyPercent: 0 } }

  it('starts one task on each ACTIVE instance that has none, and counts them as its desired count', () => {
    const p = plan({ service: daemon, deployments: [d1], tasks: [healthy(d1, 2)] })
    assert.deepEqual(p.start?.instances, [instance(1).arn, instance(3).arn])
    assert.equal(p.service.desiredCount, 3)
  })

  it('stops its task on an instance that starts DRAINING, and covers one that joins', () => {
    const instances = [instance(1, { status: 'DRAINING' }), instance(2), instance(4)]
    const onDraining = healthy(d1, 1)
    const p = plan({ service: daemon, deployments: [d1], tasks: [onDraining, healthy(d1, 2)], instances })
    assert.deepEqual(stops(p).map((t) => t.arn), [onDraining.arn])
    assert.deepEqual(p.start?.instances, [instance(4).arn])
    assert.equal(p.service.desiredCount, 2)
  })
})

describe('reconcileService: Availability Zone rebalancing', () => {
  it('moves a task from the fullest zone to the emptiest once steady, one at a time', () => {
    // Zones: instances 1 and 4 are us-east-1b, 2 is c, 3 is a. Three tasks in b, none in a.
    const tasks = [healthy(d1, 1), healthy(d1, 4), healthy(d1, 4, {}), healthy(d1, 2)]
    const service = { desiredCount: 4, availabilityZoneRebalancing: 'ENABLED' as const }
    const instances = [1, 2, 3, 4].map((n) => instance(n))
    const p = plan({ service, deployments: [d1], tasks, instances })
    assert.match(p.events[0]!, /is not AZ balanced with 0 tasks in us-east-1a, 3 tasks in us-east-1b, 1 tasks in us-east-1c\. AZ Rebalancing in progress\./)
    assert.deepEqual({ count: p.start?.count, zone: p.start?.zone }, { count: 1, zone: 'us-east-1a' })
    assert.deepEqual(stops(p), [], 'the task moving waits for its replacement')
    assert.equal(p.service.scheduler.rebalancing, true)
  })
})

function snapshotDefaults() {
  return { maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: false, rollback: false }, strategy: 'ROLLING' as const, bakeTimeInMinutes: 0 }
}

describe('reconcileService: task scale-in protection', () => {
  const until = NOW + 30 * 60_000
  const steadyD1 = (desiredCount: number) => ({ desiredCount, scheduler: { startFailures: 0, rebalancing: false, steadySince: NOW - 1000 } })

  it('scales in around a protected task, says what it could not stop, and wakes when the protection ends', () => {
    const guarded = healthy(d1, 1, { protectedUntil: until })
    const rest = [2, 3].map((n) => healthy(d1, n))
    const p = plan({ service: steadyD1(0), deployments: [d1], tasks: [guarded, ...rest] })
    assert.deepEqual(stops(p).map((t) => t.arn).sort(), rest.map((t) => t.arn).sort())
    assert.ok(p.events.includes('(service web) was unable to scale in due to (reason 1 tasks under protection).'), p.events.join('\n'))
    assert.equal(p.wakeAt, until)
  })

  it('stops the task once its protection has ended (no write was needed for that)', () => {
    const guarded = healthy(d1, 1, { protectedUntil: until })
    const p = reconcileService(snapshot({ now: until, service: steadyD1(0), deployments: [d1], tasks: [guarded] }))
    assert.deepEqual(stops(p).map((t) => t.arn), [guarded.arn])
  })

  it('a deployment stops the unprotected old tasks and waits for the protected one: not completed meanwhile', () => {
    const guarded = healthy(d1, 1, { protectedUntil: until })
    const fresh = [1, 2].map((n) => healthy(d2, n + 4))
    const p = plan({ service: { desiredCount: 2 }, deployments: [d2, { ...d1, status: 'ACTIVE' }], tasks: [guarded, healthy(d1, 2), ...fresh], instances: [1, 2, 3, 4, 5, 6].map((n) => instance(n)) })
    assert.deepEqual(stops(p).map((t) => t.startedBy), [d1.id])
    assert.ok(!stops(p).some((t) => t.arn === guarded.arn))
    assert.equal(p.service.deployments[0]!.rolloutState, 'IN_PROGRESS')
    assert.equal(p.wakeAt, until)
  })
})

describe('reconcileService: deployment alarms', () => {
  const withAlarms = (rollback = true) => ({ ...snapshotDefaults(), alarms: { alarmNames: ['5xx'], enable: true, rollback } })
  const rolling = { ...d2, createdAt: NOW - 120_000 }
  const firing = mockAlarm({ name: '5xx', stateValue: 'ALARM', stateUpdatedAt: NOW - 1000, periodSeconds: 60, evaluationPeriods: 2 })
  const quiet = { ...firing, stateValue: 'OK' as const }

  it('an alarm gone into ALARM during the rollout fails it and rolls back to the last completed deployment', () => {
    const p = plan({
      service: { desiredCount: 2, lastCompleted: d1, deploymentConfiguration: withAlarms() },
      deployments: [rolling, { ...d1, status: 'ACTIVE' }],
      tasks: [healthy(d1, 1), healthy(d1, 2), healthy(rolling, 3)],
      alarms: [firing],
    })
    assert.deepEqual(p.service.deployments.map((d) => [d.id, d.status, d.rolloutState]), [[d1.id, 'PRIMARY', 'IN_PROGRESS'], [d2.id, 'ACTIVE', 'FAILED']])
    assert.equal(p.service.deployments[1]!.rolloutStateReason, 'ECS deployment alarms: 5xx in ALARM state.')
    assert.equal(p.service.deployments[0]!.rolloutStateReason, `ECS deployment alarms: rolling back to deploymentId ${d1.id}.`)
    assert.deepEqual(p.events, [`(service web) (deployment ${d2.id}) deployment failed: alarm(s) in ALARM state: 5xx.`, `(service web) rolling back to deployment ${d1.id}.`])
    assert.equal(p.serviceDeployment?.status, 'ROLLBACK_IN_PROGRESS')
    assert.deepEqual(p.serviceDeployment?.alarms, { status: 'TRIGGERED', alarmNames: ['5xx'], triggeredAlarmNames: ['5xx'] })
  })

  it('without rollback: FAILED, and nothing more starts', () => {
    const p = plan({ service: { desiredCount: 2, lastCompleted: d1, deploymentConfiguration: withAlarms(false) }, deployments: [rolling, { ...d1, status: 'ACTIVE' }], tasks: [healthy(d1, 1), healthy(d1, 2)], alarms: [firing] })
    assert.equal(p.service.deployments[0]!.rolloutState, 'FAILED')
    assert.equal(p.service.deployments[0]!.id, d2.id)
    assert.equal(p.serviceDeployment?.status, 'STOPPED')
  })

  it('an alarm already in ALARM when the deployment started does not fail it', () => {
    const old = { ...firing, stateUpdatedAt: rolling.createdAt - 1 }
    const p = plan({ service: { desiredCount: 1, lastCompleted: d1, deploymentConfiguration: withAlarms() }, deployments: [rolling, { ...d1, status: 'ACTIVE' }], tasks: [healthy(d1, 1)], alarms: [old] })
    assert.equal(p.service.deployments[0]!.rolloutState, 'IN_PROGRESS')
    assert.equal(p.start?.count, 1)
  })

  it('once settled it bakes for the alarm window (60 s × 2), still IN_PROGRESS, then completes', () => {
    const input = {
      service: { desiredCount: 1, lastCompleted: d1, deploymentConfiguration: withAlarms() },
      deployments: [rolling],
      tasks: [healthy(rolling, 1)],
      alarms: [quiet],
      serviceDeployment: { alarms: { status: 'MONITORING' as const, alarmNames: ['5xx'], triggeredAlarmNames: [] } },
    }
    const baking = plan(input)
    assert.equal(baking.service.deployments[0]!.rolloutState, 'IN_PROGRESS')
    assert.equal(baking.service.scheduler.alarmBakeSince, NOW)
    assert.equal(baking.wakeAt, NOW + 120_000)
    const still = reconcileService(snapshot({ now: NOW + 119_999, ...input, service: { ...input.service, scheduler: baking.service.scheduler } }))
    assert.equal(still.service.deployments[0]!.rolloutState, 'IN_PROGRESS')
    const done = reconcileService(snapshot({ now: NOW + 120_000, ...input, service: { ...input.service, scheduler: baking.service.scheduler } }))
    assert.equal(done.service.deployments[0]!.rolloutState, 'COMPLETED')
    assert.equal(done.service.scheduler.alarmBakeSince, undefined)
    assert.equal(done.serviceDeployment?.alarms?.status, 'MONITORING_COMPLETE')
  })
})
