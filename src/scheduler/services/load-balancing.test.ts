import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TaskRecord } from '../../core/model/task.js'
import { T0, deployment, instance, snapshot, task, type ScenarioInput } from '../../testing/service-scenario.js'
import type { TargetGroupView, TargetRow } from './load-balancing.js'
import { loadBalancerHealth, taskTargets } from './load-balancing.js'
import { reconcileService } from './reconcile.js'

const NOW = T0 + 3_600_000
const TG = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/0123456789abcdef'
const LB = [{ targetGroupArn: TG, containerName: 'app', containerPort: 80 }]
const ec2 = (n: number) => `i-${String(n).padStart(17, '0')}`
const instances = [1, 2, 3].map((n) => instance(n, { ec2InstanceId: ec2(n), privateIpAddress: `127.0.9.${n}` }))
const d1 = deployment(1, 1, { rolloutState: 'COMPLETED', succeeded: true })
const d2 = deployment(2, 2)

/** A task of `d` on instance n, its port 80 published on host port 32000 + n. */
function served(d = d1, n = 1, over: Partial<TaskRecord> & { pending?: boolean } = {}): TaskRecord {
  const { pending, ...rest } = over
  const t = task(d, n, NOW, pending ? rest : { runningFor: 120, ...rest })
  const status = t.lastStatus === 'STOPPED' ? 'STOPPED' : pending ? 'PENDING' : 'RUNNING'
  const bindings = pending ? [] : [{ containerPort: 80, hostPort: 32000 + n, protocol: 'tcp' as const, bindIP: '0.0.0.0' }]
  return { ...t, containers: t.containers.map((c) => ({ ...c, lastStatus: status, networkBindings: bindings })) }
}

const row = (n: number, state: TargetRow['state'] = 'registered', health = 'healthy', description?: string): TargetRow => ({
  id: ec2(n),
  port: 32000 + n,
  state,
  health: { state: health, ...(description ? { description, reason: 'Target.ResponseCodeMismatch' } : {}) },
})
const group = (targets: TargetRow[], over: Partial<TargetGroupView> = {}): TargetGroupView => ({ arn: TG, targetType: 'instance', inUse: true, targets, ...over })

const plan = (input: ScenarioInput) => reconcileService(snapshot({ now: NOW, instances, ...input, service: { loadBalancers: LB, ...input.service } }))

describe('load-balancer targets of a service task', () => {
  const groups = new Map([[TG, group([])]])
  it('is the instance and the host port its container port was published on', () => {
    assert.deepEqual(taskTargets(served(d1, 2), instances[1], LB, groups), [{ targetGroupArn: TG, id: ec2(2), port: 32002 }])
  })
  it('is the instance address for an ip target group', () => {
    const ip = new Map([[TG, group([], { targetType: 'ip' })]])
    assert.deepEqual(taskTargets(served(d1, 2), instances[1], LB, ip), [{ targetGroupArn: TG, id: '127.0.9.2', port: 32002 }])
  })
  it('is an awsvpc task’s own address and the container port for an ip target group, once its agent reported it', () => {
    const ip = new Map([[TG, group([], { targetType: 'ip' })]])
    const nic = { privateIpv4Address: '172.17.0.7', macAddress: '02:42:ac:11:00:07' }
    const awsvpc = (over: Partial<TaskRecord> = {}) => ({ ...served(d1, 2), networkMode: 'awsvpc' as const, ...over, containers: served(d1, 2).containers.map((c) => ({ ...c, networkBindings: [] })) })
    assert.deepEqual(taskTargets(awsvpc({ networkInterface: nic }), instances[1], LB, ip), [{ targetGroupArn: TG, id: '172.17.0.7', port: 80 }])
    assert.deepEqual(taskTargets(awsvpc({ networkInterface: nic }), undefined, LB, ip), [{ targetGroupArn: TG, id: '172.17.0.7', port: 80 }], 'whatever became of its instance')
    assert.deepEqual(taskTargets(awsvpc(), instances[1], LB, ip), [], 'no address yet')
    assert.deepEqual(taskTargets(awsvpc({ networkInterface: nic }), instances[1], LB, groups), [], 'an instance group cannot take it (CreateService refuses the pair)')
    assert.deepEqual(taskTargets(awsvpc({ networkInterface: nic }), instances[1], [{ ...LB[0]!, containerName: 'other' }], ip), [], 'a container it does not have')
  })
  it('is none before the port is published, or for a target group that is gone', () => {
    assert.deepEqual(taskTargets(served(d1, 1, { pending: true }), instances[0], LB, groups), [])
    assert.deepEqual(taskTargets(served(d1, 1), instances[0], LB, new Map()), [])
  })
})

describe('what the target groups say of a task', () => {
  const key = { targetGroupArn: TG, id: ec2(1), port: 32001 }
  const table: { why: string; g: TargetGroupView; pastGrace: boolean; want: string }[] = [
    { why: 'healthy target', g: group([row(1)]), pastGrace: true, want: 'healthy' },
    { why: 'checks off (unavailable)', g: group([row(1, 'registered', 'unavailable')]), pastGrace: true, want: 'healthy' },
    { why: 'still initial', g: group([row(1, 'registered', 'initial')]), pastGrace: true, want: 'starting' },
    { why: 'not yet registered', g: group([]), pastGrace: true, want: 'starting' },
    { why: 'draining', g: group([row(1, 'draining')]), pastGrace: true, want: 'starting' },
    { why: 'unhealthy within the grace period', g: group([row(1, 'registered', 'unhealthy', 'x')]), pastGrace: false, want: 'starting' },
    { why: 'unhealthy past the grace period', g: group([row(1, 'registered', 'unhealthy', 'x')]), pastGrace: true, want: 'unhealthy' },
    { why: 'a group no listener uses is not checked', g: group([], { inUse: false }), pastGrace: true, want: 'healthy' },
  ]
  for (const r of table) {
    it(r.why, () => assert.equal(loadBalancerHealth([key], new Map([[TG, r.g]]), r.pastGrace).kind, r.want))
  }
  it('none without targets', () => assert.equal(loadBalancerHealth([], new Map(), true).kind, 'none'))
})

describe('reconcileService with a load balancer', () => {
  it('registers the targets of running tasks, and says so as ECS does', () => {
    const p = plan({ service: { desiredCount: 2 }, deployments: [d1], tasks: [served(d1, 1), served(d1, 2)], targetGroups: [group([row(1)])] })
    assert.deepEqual(p.targets?.register, [{ targetGroupArn: TG, id: ec2(2), port: 32002 }])
    assert.deepEqual(p.targets?.deregister, [])
    assert.ok(p.events.includes(`(service web) registered 1 targets in (target-group ${TG})`), p.events.join('\n'))
  })

  it('counts a task healthy when its target is, not 40 s after it started', () => {
    const d = deployment(1, 1)
    const young = served(d, 1, { startedAt: NOW - 5_000 })
    const waiting = plan({ service: { desiredCount: 1 }, deployments: [d], tasks: [young], targetGroups: [group([row(1, 'registered', 'initial')])] })
    assert.equal(waiting.service.deployments[0]!.rolloutState, 'IN_PROGRESS')
    const old = served(d, 1, { startedAt: NOW - 300_000 })
    const still = plan({ service: { desiredCount: 1 }, deployments: [d], tasks: [old], targetGroups: [group([row(1, 'registered', 'initial')])] })
    assert.equal(still.service.deployments[0]!.rolloutState, 'IN_PROGRESS', 'the 40-second rule does not apply with a load balancer')
    const done = plan({ service: { desiredCount: 1 }, deployments: [d], tasks: [young], targetGroups: [group([row(1)])] })
    assert.equal(done.service.deployments[0]!.rolloutState, 'COMPLETED')
  })

  it('drains an outgoing task before it stops it: deactivating, its target deregistered', () => {
    const old = served(d1, 1, { healthyAt: NOW - 60_000 })
    const fresh = served(d2, 2, { healthyAt: NOW - 1_000 })
    const p = plan({ service: { desiredCount: 1 }, deployments: [d2, d1], tasks: [fresh, old], targetGroups: [group([row(1), row(2)])] })
    const written = p.tasks.find((t) => t.arn === old.arn)
    assert.equal(written?.desiredStatus, 'RUNNING', 'not told to stop yet')
    assert.equal(written?.deactivating?.stoppedReason, `Scaling activity initiated by (deployment ${d1.id})`)
    assert.deepEqual(p.targets?.deregister, [{ targetGroupArn: TG, id: ec2(1), port: 32001 }])
    assert.deepEqual(p.events, [`(service web) deregistered 1 targets in (target-group ${TG})`, '(service web) has begun draining connections on 1 tasks.'])
  })

  it('stops a deactivating task once its target is gone, with the reason it was given', () => {
    const deactivating = served(d1, 1, { healthyAt: NOW - 60_000, deactivating: { since: NOW - 5_000, stopCode: 'ServiceSchedulerInitiated', stoppedReason: 'why' } })
    const fresh = served(d2, 2, { healthyAt: NOW - 1_000 })
    const draining = plan({ service: { desiredCount: 1 }, deployments: [d2, d1], tasks: [fresh, deactivating], targetGroups: [group([row(1, 'draining'), row(2)])] })
    assert.equal(draining.tasks.find((t) => t.arn === deactivating.arn), undefined, 'waits while the target drains')
    const gone = plan({ service: { desiredCount: 1 }, deployments: [d2, d1], tasks: [fresh, deactivating], targetGroups: [group([row(2)])] })
    const stopped = gone.tasks.find((t) => t.arn === deactivating.arn)
    assert.deepEqual([stopped?.desiredStatus, stopped?.stoppedReason, stopped?.stopCode], ['STOPPED', 'why', 'ServiceSchedulerInitiated'])
    assert.ok(gone.events.includes(`(service web) has stopped 1 running tasks: (task ${deactivating.id}).`), gone.events.join('\n'))
  })

  it('replaces a task whose target fails its health checks past the grace period, with ECS\'s words', () => {
    const sick = served(d1, 1, { healthyAt: NOW - 60_000 })
    const groups = [group([row(1, 'registered', 'unhealthy', 'Health checks failed with these codes: [503]'), row(2)])]
    const p = plan({ service: { desiredCount: 2 }, deployments: [d1], tasks: [sick, served(d1, 2, { healthyAt: NOW - 60_000 })], targetGroups: groups })
    assert.equal(p.tasks.find((t) => t.arn === sick.arn)?.deactivating?.stoppedReason, `Task failed ELB health checks in (target-group ${TG})`)
    assert.ok(
      p.events.includes(`(service web) (instance ${ec2(1)}) (port 32001) is unhealthy in (target-group ${TG}) due to (reason Health checks failed with these codes: [503]).`),
      p.events.join('\n'),
    )
    const graced = plan({ service: { desiredCount: 2, healthCheckGracePeriodSeconds: 600 }, deployments: [d1], tasks: [sick, served(d1, 2, { healthyAt: NOW - 60_000 })], targetGroups: groups })
    assert.equal(graced.tasks.find((t) => t.arn === sick.arn), undefined, 'ignored within the grace period')
    assert.equal(graced.wakeAt, sick.startedAt! + 600_000)
  })

  it('deregisters the target of a task that stopped on its own, at once', () => {
    const crashed = served(d1, 1, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', healthyAt: NOW - 60_000 })
    const p = plan({ service: { desiredCount: 1 }, deployments: [d1], tasks: [crashed], targetGroups: [group([row(1)])] })
    assert.deepEqual(p.targets?.deregister, [{ targetGroupArn: TG, id: ec2(1), port: 32001 }])
    assert.equal(p.start?.count, 1)
  })
})
