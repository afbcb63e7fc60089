import {
  CreateServiceCommand,
  CreateTaskSetCommand,
  DeleteTaskSetCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  DescribeTaskSetsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServicePrimaryTaskSetCommand,
  type TaskSet,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../core/clock.js'
import { seedTargetGroup } from '../../../testing/elb-fixtures.js'
import { startFakeCluster, type FakeCluster } from '../../../testing/fake-cluster.js'
import { ManualTimers } from '../../../testing/timers.js'
import { waitFor } from '../../../testing/wait.js'

/**
 * Task sets behind target groups, run by the real scheduler and load-balancer controller over
 * fake hosts (127.0.36.x), time on a ManualClock: each poll moves it one second (health checks
 * and drains are timers). Each task's published port is served by a plain HTTP server here, so
 * its target passes the real health checks. Blue/green by task sets, as a CodeDeploy-style
 * controller does it: A behind TG1 PRIMARY, B behind TG2, B PRIMARY, A deleted — its targets
 * drain before its tasks are told to stop.
 */
const ELB = 'arn:aws:elasticloadbalancing:us-east-1:000000000000'
const TG1 = `${ELB}:targetgroup/ts2-tg1/1`
const TG2 = `${ELB}:targetgroup/ts2-tg2/1`

describe('task sets behind target groups over fake hosts', () => {
  const clock = new ManualClock(Date.now())
  const timers = new ManualTimers(clock)
  let c: FakeCluster
  const backends = new Map<string, Server>()
  before(async () => {
    c = await startFakeCluster({ hosts: 0, server: { clock, timers, agentSilenceTimeoutMs: 24 * 3_600_000, loadBalancerAddress: '127.0.36.1' } })
    await c.addHost({ bindIp: '127.0.36.2' })
    await c.addHost({ bindIp: '127.0.36.3' })
    for (const arn of [TG1, TG2]) await seedTargetGroup(c.server.store, arn, 'instance')
    await c.server.store.txn(async (tx) => {
      for (const arn of [TG1, TG2]) {
        const g = (await tx.targetGroups.get(arn))!
        await tx.targetGroups.put({ ...g, healthCheck: { ...g.healthCheck, intervalSeconds: 5, healthyThreshold: 2 } })
      }
    })
    for (const color of ['a', 'b']) {
      await c.server.ecs.send(new RegisterTaskDefinitionCommand({
        family: `ts2-${color}`,
        containerDefinitions: [{ name: 'app', image: `berth-test/ts2-${color}:1`, memory: 64, portMappings: [{ containerPort: 80, hostPort: 0 }] }],
      }))
    }
  })
  after(async () => {
    await c?.close()
    await Promise.all([...backends.values()].map((s) => new Promise((r) => s.close(r))))
  })

  const ecs = () => c.server.ecs
  const taskSet = async (id: string): Promise<TaskSet> => (await ecs().send(new DescribeTaskSetsCommand({ cluster: c.name, service: 'ts2-lb', taskSets: [id] }))).taskSets![0]!

  /** Serves every RUNNING task's published port, as its container would. */
  async function serveTasks(): Promise<void> {
    const { taskArns } = await ecs().send(new ListTasksCommand({ cluster: c.name, serviceName: 'ts2-lb' }))
    if (!taskArns?.length) return
    for (const t of (await ecs().send(new DescribeTasksCommand({ cluster: c.name, tasks: taskArns }))).tasks!) {
      for (const b of t.containers?.[0]?.networkBindings ?? []) {
        const key = `${b.bindIP}:${b.hostPort}`
        if (backends.has(key)) continue
        const server = createServer((_req, res) => res.end('ok'))
        backends.set(key, server)
        await new Promise<void>((resolve) => server.listen(b.hostPort, b.bindIP, resolve))
      }
    }
  }

  /** One target group's targets in the store: `port state health`, sorted. */
  const targetsOf = (arn: string) =>
    c.server.store.read(async (tx) => (await tx.targets.forTargetGroup(arn)).map((t) => `${t.port} ${t.state} ${t.health.state}`).sort())

  /**
   * Polls one manual second at a time until `done`; at each poll, what must always hold: a task
   * set is STEADY_STATE only with each of its tasks' targets healthy in its group, and a task
   * told to stop has no target left registered (it drained first). Returns the states seen.
   */
  async function runUntil<T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean): Promise<string[]> {
    const seen: string[] = []
    await waitFor(
      what,
      async () => {
        timers.advance(1_000)
        await serveTasks()
        const [sets, tasks, targets] = await c.server.store.read(async (tx) => {
          const service = await tx.services.get(c.server.arns.service(c.name, 'ts2-lb'))
          const tasks = await tx.tasks.inGroup(c.server.arns.cluster(c.name), 'service:ts2-lb')
          const targets = [...(await tx.targets.forTargetGroup(TG1)), ...(await tx.targets.forTargetGroup(TG2))]
          return [service?.taskSets ?? [], tasks, targets] as const
        })
        for (const ts of sets) {
          const group = ts.loadBalancers?.[0]?.targetGroupArn
          const mine = tasks.filter((t) => t.startedBy === ts.id && t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING' && t.deactivating === undefined)
          const healthy = targets.filter((t) => t.targetGroupArn === group && t.state === 'registered' && t.health.state === 'healthy').length
          if (ts.stabilityStatus === 'STEADY_STATE') assert.ok(healthy >= mine.length && mine.length > 0 || ts.status === 'DRAINING', `${ts.id} STEADY_STATE with ${healthy} healthy targets for ${mine.length} tasks`)
          seen.push(`${ts.id} ${ts.status} ${ts.stabilityStatus}`)
        }
        for (const t of tasks.filter((t) => t.desiredStatus === 'STOPPED' && t.lastStatus !== 'STOPPED')) {
          const ports = t.containers[0]?.networkBindings.map((b) => b.hostPort) ?? []
          assert.ok(!targets.some((x) => x.state === 'registered' && ports.includes(x.port)), `${t.id} told to stop with a registered target`)
        }
        return probe()
      },
      done,
      { timeoutMs: 60_000, intervalMs: 10 },
    )
    return [...new Set(seen)]
  }

  it('registers each task set’s tasks in its target group, steady once healthy, and drains a deleted one before its tasks stop', async () => {
    await ecs().send(new CreateServiceCommand({ cluster: c.name, serviceName: 'ts2-lb', desiredCount: 2, deploymentController: { type: 'EXTERNAL' } }))
    const a = (await ecs().send(new CreateTaskSetCommand({
      cluster: c.name, service: 'ts2-lb', taskDefinition: 'ts2-a', loadBalancers: [{ targetGroupArn: TG1, containerName: 'app', containerPort: 80 }],
    }))).taskSet!
    assert.deepEqual(a.loadBalancers, [{ targetGroupArn: TG1, containerName: 'app', containerPort: 80 }])
    await ecs().send(new UpdateServicePrimaryTaskSetCommand({ cluster: c.name, service: 'ts2-lb', primaryTaskSet: a.id! }))
    const seenA = await runUntil('A steady', () => taskSet(a.id!), (t) => t.stabilityStatus === 'STEADY_STATE')
    assert.ok(seenA.includes(`${a.id} PRIMARY STABILIZING`), seenA.join('\n'))
    const tg1 = await targetsOf(TG1)
    assert.equal(tg1.length, 2)
    assert.ok(tg1.every((t) => t.endsWith('registered healthy')), tg1.join(', '))
    // The service shows its PRIMARY task set's load balancer.
    const service = (await ecs().send(new DescribeServicesCommand({ cluster: c.name, services: ['ts2-lb'] }))).services![0]!
    assert.deepEqual(service.loadBalancers, [{ targetGroupArn: TG1, containerName: 'app', containerPort: 80 }])
    assert.ok(service.events!.some((e) => e.message === `(service ts2-lb) registered 2 targets in (target-group ${TG1})`), service.events!.map((e) => e.message).join('\n'))

    // B behind TG2, then PRIMARY; A deleted: its targets drain, then its tasks stop, then it is gone.
    const b = (await ecs().send(new CreateTaskSetCommand({
      cluster: c.name, service: 'ts2-lb', taskDefinition: 'ts2-b', loadBalancers: [{ targetGroupArn: TG2, containerName: 'app', containerPort: 80 }],
    }))).taskSet!
    await runUntil('B steady', () => taskSet(b.id!), (t) => t.stabilityStatus === 'STEADY_STATE')
    assert.equal((await targetsOf(TG2)).length, 2)
    await ecs().send(new UpdateServicePrimaryTaskSetCommand({ cluster: c.name, service: 'ts2-lb', primaryTaskSet: b.id! }))
    const aTasks = (await ecs().send(new ListTasksCommand({ cluster: c.name, startedBy: a.id! }))).taskArns!
    assert.equal((await ecs().send(new DeleteTaskSetCommand({ cluster: c.name, service: 'ts2-lb', taskSet: a.id!, force: true }))).taskSet!.status, 'DRAINING')
    const gone = async () => (await ecs().send(new DescribeTaskSetsCommand({ cluster: c.name, service: 'ts2-lb', taskSets: [a.id!] }))).failures!
    await runUntil('A gone', gone, (f) => f.length === 1)
    assert.deepEqual(await targetsOf(TG1), [])
    const stopped = (await ecs().send(new DescribeTasksCommand({ cluster: c.name, tasks: aTasks }))).tasks!
    assert.ok(stopped.every((t) => t.desiredStatus === 'STOPPED' && t.stoppedReason === `Scaling activity initiated by (deployment ${a.id})`))
    // Each went through deactivation (its targets deregistered, draining) before it was told to stop.
    const records = await c.server.store.read(async (tx) => Promise.all(aTasks.map(async (arn) => (await tx.tasks.get(arn))!)))
    assert.ok(records.every((t) => t.deactivating !== undefined && t.stoppingAt! >= t.deactivating.since), JSON.stringify(records.map((t) => [t.deactivating, t.stoppingAt])))
    const events = (await ecs().send(new DescribeServicesCommand({ cluster: c.name, services: ['ts2-lb'] }))).services![0]!.events!.map((e) => e.message)
    assert.ok(events.includes('(service ts2-lb) has begun draining connections on 2 tasks.'), events.join('\n'))
    assert.ok(events.includes(`(service ts2-lb) deregistered 2 targets in (target-group ${TG1})`), events.join('\n'))
    // B untouched, still steady in TG2.
    assert.equal((await taskSet(b.id!)).stabilityStatus, 'STEADY_STATE')
    assert.ok((await targetsOf(TG2)).every((t) => t.endsWith('registered healthy')))
  })
})
