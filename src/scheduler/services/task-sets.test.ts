import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { DeploymentRecord } from '../../core/model/service.js'
import { computedDesiredCount, type TaskSetRecord } from '../../core/model/task-set.js'
import type { TaskRecord } from '../../core/model/task.js'
import { T0, deployment, instance, snapshot, task, td } from '../../testing/service-scenario.js'
import type { TargetGroupView, TargetRow } from './load-balancing.js'
import { reconcileService } from './reconcile.js'
import type { ServicePlan } from './snapshot.js'
import { taskSetSteady } from './task-sets.js'

const NOW = T0 + 3_600_000
const taskSet = (digits: number, revision: number, value: number, over: Partial<TaskSetRecord> = {}): TaskSetRecord => ({
  id: `ecs-svc/${String(digits).padStart(19, '9')}`,
  arn: `arn:aws:ecs:us-east-1:000000000000:task-set/default/web/ecs-svc/${String(digits).padStart(19, '9')}`,
  status: 'ACTIVE',
  taskDefinition: td(revision).taskDefinitionArn!,
  launchType: 'EC2',
  scale: { value, unit: 'PERCENT' },
  createdAt: T0 + digits,
  updatedAt: T0,
  stabilityStatus: 'STABILIZING',
  stabilityStatusAt: T0,
  ...over,
})
const blue = taskSet(1, 1, 100, { status: 'PRIMARY' })
const green = taskSet(2, 2, 0)
/** A task of a task set: the scenario's task() reads only the id and task definition. */
const of = (ts: TaskSetRecord) => ({ id: ts.id, taskDefinition: ts.taskDefinition }) as DeploymentRecord
const healthy = (ts: TaskSetRecord, n: number, over: Partial<TaskRecord> = {}) => task(of(ts), n, NOW, { runningFor: 120, healthyAt: NOW - 60_000, ...over })

function plan(input: { desired: number; sets: TaskSetRecord[]; tasks?: TaskRecord[]; status?: 'ACTIVE' | 'DRAINING'; instances?: ReturnType<typeof instance>[] }): ServicePlan {
  // Both revisions' task definitions in the snapshot; the service itself has no deployment.
  const base = snapshot({ now: NOW, deployments: [deployment(1, 1), deployment(2, 2)], tasks: input.tasks ?? [], ...(input.instances ? { instances: input.instances } : {}) })
  const service = { ...base.service, deploymentController: 'EXTERNAL' as const, taskSets: input.sets, deployments: [], desiredCount: input.desired, status: input.status ?? 'ACTIVE', taskDefinition: '' }
  return reconcileService({ ...base, service, serviceDeployment: undefined })
}
const stops = (p: ServicePlan) => p.tasks.filter((t) => t.desiredStatus === 'STOPPED' && t.lastStatus !== 'STOPPED')

describe('computedDesiredCount: ceil(desiredCount × scale %)', () => {
  const rows: [desired: number, value: number, active: boolean, want: number][] = [
    [10, 100, true, 10],
    [10, 50, true, 5],
    [10, 25, true, 3], // 2.5 → 3
    [4, 30, true, 2], // 1.2 → 2, the API reference's example
    [10, 30, true, 3], // 3.0000000000000004 in floating point: still 3
    [3, 33.333333333, true, 1],
    [1, 0.1, true, 1],
    [10, 0, true, 0],
    [0, 100, true, 0],
    [10, 100, false, 0], // a deleted service runs nothing
  ]
  for (const [desired, value, active, want] of rows) {
    it(`${desired} × ${value} %${active ? '' : ' (service not ACTIVE)'} → ${want}`, () => {
      assert.equal(computedDesiredCount(desired, { value, unit: 'PERCENT' }, active), want)
    })
  }
})

describe('taskSetSteady: ECS’s STEADY_STATE conditions', () => {
  const base = { want: 2, running: 2, pending: 0, stopping: false, draining: false, unhealthy: false }
  const rows: [string, Partial<typeof base>, boolean][] = [
    ['running equals the computed count, nothing else', {}, true],
    ['one short', { running: 1 }, false],
    ['one pending', { running: 1, pending: 1 }, false],
    ['one too many', { running: 3 }, false],
    ['a task still stopping', { stopping: true }, false],
    ['a task on a DRAINING instance', { draining: true }, false],
    ['a task unhealthy', { unhealthy: true }, false],
    ['scaled to 0 with nothing left', { want: 0, running: 0 }, true],
  ]
  for (const [why, over, want] of rows) it(why, () => assert.equal(taskSetSteady({ ...base, ...over }), want))
})

describe('reconcileService: an EXTERNAL service runs its task sets', () => {
  it('starts a new task set’s computed count with its own task definition, started by its id', () => {
    const p = plan({ desired: 4, sets: [taskSet(1, 1, 50)] })
    assert.deepEqual(p.start, { deploymentId: taskSet(1, 1, 50).id, taskDefinitionArn: td(1).taskDefinitionArn, count: 2, replacingUnhealthy: 0 })
  })

  it('starts the first task set short of its count, one task set per pass', () => {
    const p = plan({ desired: 2, sets: [blue, { ...green, scale: { value: 50, unit: 'PERCENT' } }], tasks: [healthy(blue, 1), healthy(blue, 2)] })
    assert.equal(p.start?.deploymentId, green.id)
    assert.equal(p.start?.count, 1)
    assert.equal(p.start?.taskDefinitionArn, td(2).taskDefinitionArn)
  })

  it('is steady, and writes only the stability, once each task set runs its count', () => {
    const p = plan({ desired: 2, sets: [blue, green], tasks: [healthy(blue, 1), healthy(blue, 2)] })
    assert.equal(p.start, undefined)
    assert.deepEqual(stops(p), [])
    assert.deepEqual(p.service.taskSets!.map((t) => [t.id, t.stabilityStatus, t.stabilityStatusAt]), [
      [blue.id, 'STEADY_STATE', NOW],
      [green.id, 'STEADY_STATE', NOW],
    ])
    // And the next pass, seeing that, does nothing (level-triggered).
    const again = plan({ desired: 2, sets: p.service.taskSets!, tasks: [healthy(blue, 1), healthy(blue, 2)] })
    assert.equal(again.service.taskSets, p.service.taskSets)
    assert.deepEqual({ tasks: again.tasks, events: again.events, start: again.start }, { tasks: [], events: [], start: undefined })
  })

  it('scales a task set in when its scale or the service’s desiredCount falls: pending first, then newest', () => {
    const old = healthy(blue, 1, { createdAt: NOW - 500_000 })
    const newer = healthy(blue, 2, { createdAt: NOW - 100_000 })
    const pending = task(of(blue), 3, NOW)
    const p = plan({ desired: 1, sets: [blue], tasks: [old, newer, pending] })
    assert.deepEqual(stops(p).map((t) => t.arn), [pending.arn, newer.arn])
    assert.ok(stops(p).every((t) => t.stoppedReason === `Scaling activity initiated by (deployment ${blue.id})` && t.stopCode === 'ServiceSchedulerInitiated'))
    assert.equal(p.service.taskSets![0]!.stabilityStatus, 'STABILIZING')
  })

  it('never stops a task under scale-in protection, and says so', () => {
    const guarded = healthy(blue, 1, { protectedUntil: NOW + 60_000 })
    const p = plan({ desired: 0, sets: [blue], tasks: [guarded] })
    assert.deepEqual(stops(p), [])
    assert.deepEqual(p.events, ['(service web) was unable to scale in due to (reason 1 tasks under protection).'])
    assert.equal(p.wakeAt, NOW + 60_000)
  })

  it('stops the tasks of a task set that was deleted', () => {
    const gone = healthy(green, 1)
    const p = plan({ desired: 1, sets: [blue], tasks: [healthy(blue, 2), gone] })
    assert.deepEqual(stops(p).map((t) => t.arn), [gone.arn])
    assert.deepEqual(p.events, [`(service web) has stopped 1 running tasks: (task ${gone.id}).`])
  })

  it('replaces a task on a DRAINING instance, stopping it once the task set has its count elsewhere', () => {
    const draining = healthy(blue, 1)
    const instances = [instance(1, { status: 'DRAINING' }), instance(2), instance(3)]
    const first = plan({ desired: 1, sets: [blue], tasks: [draining], instances })
    assert.equal(first.start?.count, 1)
    assert.deepEqual(stops(first), [])
    const second = plan({ desired: 1, sets: [blue], tasks: [draining, healthy(blue, 2)], instances })
    assert.deepEqual(stops(second).map((t) => t.arn), [draining.arn])
  })

  it('runs nothing once the service is deleted, and retires it when its last task is gone', () => {
    const t = healthy(blue, 1)
    const draining = plan({ desired: 0, sets: [blue], tasks: [t], status: 'DRAINING' })
    assert.deepEqual(stops(draining).map((x) => x.arn), [t.arn])
    assert.equal(draining.start, undefined)
    const done = plan({ desired: 0, sets: [blue], tasks: [], status: 'DRAINING' })
    assert.equal(done.service.status, 'INACTIVE')
  })

  it('counts a task stopped on its own once, and replaces it', () => {
    const crashed = task(of(blue), 2, NOW, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', startedAt: NOW - 90_000, healthyAt: NOW - 50_000 })
    const p = plan({ desired: 2, sets: [blue], tasks: [healthy(blue, 1), crashed] })
    assert.equal(p.start?.count, 1)
    assert.deepEqual(p.tasks.map((t) => [t.arn, t.serviceAccounted]), [[crashed.arn, true]])
  })
})

describe('reconcileService: a task set behind its target group', () => {
  const TG = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/tg1/1'
  const LB = { targetGroupArn: TG, containerName: 'app', containerPort: 80 }
  const ec2 = (n: number) => `i-${String(n).padStart(17, '0')}`
  const instances = [1, 2, 3].map((n) => instance(n, { ec2InstanceId: ec2(n), privateIpAddress: `127.0.9.${n}` }))
  const behind = (ts: TaskSetRecord) => ({ ...ts, loadBalancers: [LB] })
  const a = behind(blue)
  /** A RUNNING task of the task set on instance n, port 80 on host port 32000 + n. */
  const served = (ts: TaskSetRecord, n: number, over: Partial<TaskRecord> = {}): TaskRecord => {
    const t = healthy(ts, n, over)
    return { ...t, containers: t.containers.map((c) => ({ ...c, lastStatus: 'RUNNING', networkBindings: [{ containerPort: 80, hostPort: 32000 + n, protocol: 'tcp' as const, bindIP: '0.0.0.0' }] })) }
  }
  const row = (n: number, health = 'healthy', state: TargetRow['state'] = 'registered'): TargetRow => ({ id: ec2(n), port: 32000 + n, state, health: { state: health } })
  const group = (targets: TargetRow[]): TargetGroupView => ({ arn: TG, targetType: 'instance', inUse: true, targets })
  const lbPlan = (p: { desired: number; sets: TaskSetRecord[]; tasks: TaskRecord[]; targets: TargetRow[] }): ServicePlan => {
    const base = snapshot({ now: NOW, instances, deployments: [deployment(1, 1), deployment(2, 2)], tasks: p.tasks, targetGroups: [group(p.targets)] })
    const service = { ...base.service, deploymentController: 'EXTERNAL' as const, taskSets: p.sets, deployments: [], desiredCount: p.desired, taskDefinition: '' }
    const loadBalancers = new Map(p.sets.map((ts) => [ts.id, ts.loadBalancers ?? []]))
    return reconcileService({ ...base, service, serviceDeployment: undefined, loadBalancers })
  }

  it('registers each RUNNING task’s host port at its instance, with ECS’s event', () => {
    const p = lbPlan({ desired: 2, sets: [a], tasks: [served(a, 1), served(a, 2)], targets: [] })
    assert.deepEqual(p.targets, { register: [{ targetGroupArn: TG, id: ec2(1), port: 32001 }, { targetGroupArn: TG, id: ec2(2), port: 32002 }], deregister: [] })
    assert.deepEqual(p.events, [`(service web) registered 2 targets in (target-group ${TG})`])
    // Registered but not yet healthy: not steady.
    assert.equal(p.service.taskSets![0]!.stabilityStatus, 'STABILIZING')
  })

  it('is STEADY_STATE only once its targets are healthy in the target group', () => {
    const rows: [string, TargetRow[], 'STEADY_STATE' | 'STABILIZING'][] = [
      ['both initial', [row(1, 'initial'), row(2, 'initial')], 'STABILIZING'],
      ['one healthy, one initial', [row(1), row(2, 'initial')], 'STABILIZING'],
      ['one unhealthy (it is replaced)', [row(1), row(2, 'unhealthy')], 'STABILIZING'],
      ['both healthy', [row(1), row(2)], 'STEADY_STATE'],
    ]
    for (const [why, targets, want] of rows) {
      const p = lbPlan({ desired: 2, sets: [a], tasks: [served(a, 1), served(a, 2)], targets })
      assert.equal(p.service.taskSets![0]!.stabilityStatus, want, why)
    }
  })

  it('stops a task that fails its target group’s health checks, draining it first, with ECS’s texts', () => {
    const bad = served(a, 2)
    const p = lbPlan({ desired: 2, sets: [a], tasks: [served(a, 1), bad], targets: [row(1), { ...row(2, 'unhealthy'), health: { state: 'unhealthy', description: 'Health checks failed' } }] })
    const written = p.tasks.find((t) => t.arn === bad.arn)!
    assert.equal(written.desiredStatus, 'RUNNING')
    assert.deepEqual(written.deactivating, { since: NOW, stopCode: 'ServiceSchedulerInitiated', stoppedReason: `Task failed ELB health checks in (target-group ${TG})` })
    assert.deepEqual(p.targets?.deregister, [{ targetGroupArn: TG, id: ec2(2), port: 32002 }])
    assert.ok(p.events.includes(`(service web) (instance ${ec2(2)}) (port 32002) is unhealthy in (target-group ${TG}) due to (reason Health checks failed).`), p.events.join('\n'))
    assert.ok(p.events.includes('(service web) has begun draining connections on 1 tasks.'))
  })

  it('a DRAINING (deleted) task set: its targets drain first, its tasks stop once they are gone, and it leaves when its last task has', () => {
    const gone = { ...a, status: 'DRAINING' as const }
    const b = behind(green)
    const tasks = [served(gone, 1), served(gone, 2)]
    // Pass 1: deregistered (draining), the tasks deactivating, not stopped.
    const first = lbPlan({ desired: 2, sets: [b, gone], tasks, targets: [row(1), row(2)] })
    assert.deepEqual(first.targets?.deregister.map((k) => k.port), [32001, 32002])
    assert.ok(first.tasks.every((t) => t.desiredStatus === 'RUNNING' && t.deactivating?.stoppedReason === `Scaling activity initiated by (deployment ${gone.id})`))
    assert.ok(first.events.includes(`(service web) deregistered 2 targets in (target-group ${TG})`))
    assert.ok(first.events.includes('(service web) has begun draining connections on 2 tasks.'))
    assert.deepEqual(first.service.taskSets!.map((t) => t.status), ['ACTIVE', 'DRAINING'])
    // Pass 2: still draining in the group: nothing more.
    const deactivating = first.tasks
    const second = lbPlan({ desired: 2, sets: first.service.taskSets!, tasks: deactivating, targets: [row(1, 'draining', 'draining'), row(2, 'draining', 'draining')] })
    assert.ok(second.tasks.every((t) => t.desiredStatus === 'RUNNING'))
    // Pass 3: the load balancer let them go: told to stop, with the reason decided in pass 1.
    const third = lbPlan({ desired: 2, sets: first.service.taskSets!, tasks: deactivating, targets: [] })
    assert.deepEqual(stops(third).map((t) => [t.arn, t.stoppedReason]), tasks.map((t) => [t.arn, `Scaling activity initiated by (deployment ${gone.id})`]))
    assert.deepEqual(third.service.taskSets!.map((t) => t.id), [b.id, gone.id], 'still holds tasks, not STOPPED yet')
    // Pass 4: its tasks STOPPED: the task set leaves the service.
    const stoppedTasks = stops(third).map((t) => ({ ...t, lastStatus: 'STOPPED' as const, serviceAccounted: true }))
    const fourth = lbPlan({ desired: 2, sets: third.service.taskSets!, tasks: stoppedTasks, targets: [] })
    assert.deepEqual(fourth.service.taskSets!.map((t) => t.id), [b.id])
  })
})

