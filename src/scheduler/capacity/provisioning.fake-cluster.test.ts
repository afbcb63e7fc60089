import {
  CreateCapacityProviderCommand,
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  PutClusterCapacityProvidersCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  UpdateServiceCommand,
  type Task,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { GROUP_MEMBER_ATTRIBUTE, type AutoScalingGroupPool, type GroupState } from '../../capacity/pool.js'
import { ManualClock } from '../../core/clock.js'
import { AUTO_SCALING_GROUP_ATTRIBUTE } from '../../core/model/capacity-provider.js'
import { startFakeCluster, type FakeCluster } from '../../testing/fake-cluster.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { ManualTimers } from '../../testing/timers.js'
import { waitFor } from '../../testing/wait.js'

const GROUP = 'prov-asg'
const PROVIDER = 'prov-cp'

/** An Auto Scaling group whose instances are fake hosts of the cluster (1024 CPU units, 1024 MiB each). */
class FakeHostGroup implements AutoScalingGroupPool {
  cluster: FakeCluster | undefined
  members: { id: string; launchedAt: number }[] = []
  launched = 0
  constructor(readonly maxSize: number) {}
  group(name: string): GroupState | undefined {
    return name === GROUP ? { name, minSize: 0, maxSize: this.maxSize, instanceCpu: 1024, instanceMemory: 1024, members: this.members } : undefined
  }
  async launch(_group: string, count: number): Promise<void> {
    for (let n = 0; n < count; n++) {
      const id = String(++this.launched)
      this.members = [...this.members, { id, launchedAt: Date.now() }]
      await this.cluster!.addHost({ cpu: 1024, memory: 1024, attributes: { [AUTO_SCALING_GROUP_ATTRIBUTE]: GROUP, [GROUP_MEMBER_ATTRIBUTE]: id } })
    }
  }
  async terminate(): Promise<void> {
    // Scale-in is managed-scaling-controller.test.ts's business: nothing here is ever idle long enough.
  }
}

/**
 * ECS's PROVISIONING over fake hosts: a capacity provider with managed scaling over an empty
 * Auto Scaling group (max size 1). RunTask beyond capacity answers with tasks waiting in
 * PROVISIONING, managed scaling launches an instance for them, and they are placed and run.
 */
describe('tasks waiting in PROVISIONING for a managed-scaling capacity provider', () => {
  let c: FakeCluster
  const group = new FakeHostGroup(1)
  before(async () => {
    c = await startFakeCluster({ server: { autoScalingGroups: { pool: group, intervalMs: 50, scaleInAfterMs: 3_600_000 } } })
    group.cluster = c
    await ecs().send(
      new CreateCapacityProviderCommand({
        name: PROVIDER,
        autoScalingGroupProvider: { autoScalingGroupArn: GROUP, managedScaling: { status: 'ENABLED', targetCapacity: 100 }, managedTerminationProtection: 'DISABLED' },
      }),
    )
    await ecs().send(new PutClusterCapacityProvidersCommand({ cluster: c.name, capacityProviders: [PROVIDER], defaultCapacityProviderStrategy: [] }))
    await ecs().send(new RegisterTaskDefinitionCommand({ family: 'prov-web', containerDefinitions: [{ name: 'web', image: 'web', essential: true, cpu: 256, memory: 512 }] }))
  })
  after(() => c?.close())

  const ecs = () => c.server.ecs
  const strategy = [{ capacityProvider: PROVIDER, weight: 1 }]
  const describe1 = async (arn: string): Promise<Task> => (await ecs().send(new DescribeTasksCommand({ cluster: c.name, tasks: [arn] }))).tasks![0]!
  const until = (arn: string, status: string) => waitFor(`${arn} ${status}`, () => describe1(arn), (t) => t.lastStatus === status, { timeoutMs: 20_000, intervalMs: 20 })
  let first: string[] = []

  it('RunTask beyond capacity answers with PROVISIONING tasks, no failures; managed scaling adds an instance and they run on it', async () => {
    const run = await ecs().send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'prov-web', count: 2, capacityProviderStrategy: strategy }))
    assert.deepEqual(run.failures, [])
    assert.equal(run.tasks?.length, 2)
    for (const t of run.tasks!) {
      assert.equal(t.lastStatus, 'PROVISIONING')
      assert.equal(t.desiredStatus, 'RUNNING')
      assert.equal(t.containerInstanceArn, undefined)
      assert.equal(t.capacityProviderName, PROVIDER)
    }
    first = run.tasks!.map((t) => t.taskArn!)
    // Until the instance joins (if the pass has not been quicker), ECS shows them waiting.
    const listed = await ecs().send(new ListTasksCommand({ cluster: c.name, desiredStatus: 'RUNNING' }))
    assert.deepEqual([...listed.taskArns!].sort(), [...first].sort())

    const running = await Promise.all(first.map((arn) => until(arn, 'RUNNING')))
    assert.equal(group.launched, 1, 'one instance holds both (2 × 512 MiB of 1024)')
    const host = c.hosts[0]!
    for (const t of running) {
      assert.equal(t.containerInstanceArn, host.arn)
      assert.equal(t.capacityProviderName, PROVIDER)
      assert.equal(t.availabilityZone, host.zone)
    }
    // The store's instance column followed the placement: ListTasks by container instance finds them.
    const onHost = await ecs().send(new ListTasksCommand({ cluster: c.name, containerInstance: host.arn }))
    assert.deepEqual([...onHost.taskArns!].sort(), [...first].sort())
  })

  let waiting = ''
  it('a task with no room at max size waits, counted pending; StopTask stops it at once, no agent involved', async () => {
    const run = await ecs().send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'prov-web', capacityProviderStrategy: strategy }))
    assert.deepEqual(run.failures, [])
    waiting = run.tasks![0]!.taskArn!
    const cluster = (await ecs().send(new DescribeClustersCommand({ clusters: [c.name] }))).clusters![0]!
    assert.equal(cluster.pendingTasksCount, 1, 'ECS counts a PROVISIONING task as pending')
    assert.equal(cluster.runningTasksCount, 2)
    const shown = await describe1(waiting)
    assert.equal(shown.lastStatus, 'PROVISIONING')
    assert.equal(shown.containerInstanceArn, undefined)

    const stopped = (await ecs().send(new StopTaskCommand({ cluster: c.name, task: waiting, reason: 'prov: not needed' }))).task!
    assert.equal(stopped.lastStatus, 'STOPPED')
    assert.equal(stopped.desiredStatus, 'STOPPED')
    assert.equal(stopped.stopCode, 'UserInitiated')
    assert.equal(stopped.stoppedReason, 'prov: not needed')
    assert.ok(stopped.containers!.every((x) => x.lastStatus === 'STOPPED'))
    assert.equal((await describe1(waiting)).lastStatus, 'STOPPED')
  })

  it('a service short of room keeps its task PROVISIONING (pendingCount), and it runs once room frees up', async () => {
    await ecs().send(new CreateServiceCommand({ cluster: c.name, serviceName: 'prov-svc', taskDefinition: 'prov-web', desiredCount: 1, capacityProviderStrategy: strategy }))
    const svc = () => ecs().send(new DescribeServicesCommand({ cluster: c.name, services: ['prov-svc'] })).then((r) => r.services![0]!)
    const pending = await waitFor('the service task pending', svc, (s) => s.pendingCount === 1)
    assert.equal(pending.runningCount, 0)
    const [task] = (await ecs().send(new ListTasksCommand({ cluster: c.name, serviceName: 'prov-svc' }))).taskArns!
    const shown = await describe1(task!)
    assert.equal(shown.lastStatus, 'PROVISIONING')
    assert.equal(shown.containerInstanceArn, undefined)

    // One of RunTask's tasks stops: its room goes to the waiting service task.
    await ecs().send(new StopTaskCommand({ cluster: c.name, task: first[0]! }))
    const placed = await until(task!, 'RUNNING')
    assert.equal(placed.containerInstanceArn, c.hosts[0]!.arn)
    await waitFor('the service running 1', svc, (s) => s.runningCount === 1 && s.pendingCount === 0)
    assert.equal(group.launched, 1, 'the group was at its max size all along')
  })

  it('a service scaled in while its task waits: the task stops at once, no agent involved', async () => {
    // The one instance is full again (the service's task and one of RunTask's).
    await ecs().send(new CreateServiceCommand({ cluster: c.name, serviceName: 'prov-svc2', taskDefinition: 'prov-web', desiredCount: 1, capacityProviderStrategy: strategy }))
    const svc = () => ecs().send(new DescribeServicesCommand({ cluster: c.name, services: ['prov-svc2'] })).then((r) => r.services![0]!)
    await waitFor('the service task pending', svc, (s) => s.pendingCount === 1)
    const [task] = (await ecs().send(new ListTasksCommand({ cluster: c.name, serviceName: 'prov-svc2' }))).taskArns!
    assert.equal((await describe1(task!)).lastStatus, 'PROVISIONING')
    await ecs().send(new UpdateServiceCommand({ cluster: c.name, service: 'prov-svc2', desiredCount: 0 }))
    const stopped = await until(task!, 'STOPPED')
    assert.equal(stopped.stopCode, 'ServiceSchedulerInitiated')
    assert.equal(stopped.containerInstanceArn, undefined)
    await waitFor('the service empty', svc, (s) => s.pendingCount === 0 && s.runningCount === 0)
  })
})

/** The timeout, driven by a ManualClock: nothing ever gives the group an instance. */
describe('a task that waits for capacity longer than ECS allows', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1))
  const timers = new ManualTimers(clock)
  let t: TestServer
  before(async () => {
    t = await startTestServer({ clock, timers })
    await t.ecs.send(new CreateClusterCommand({ clusterName: 'prov-timeout' }))
    await t.ecs.send(
      new CreateCapacityProviderCommand({ name: 'prov-never', autoScalingGroupProvider: { autoScalingGroupArn: 'prov-never-asg', managedScaling: { status: 'ENABLED' } } }),
    )
    await t.ecs.send(new PutClusterCapacityProvidersCommand({ cluster: 'prov-timeout', capacityProviders: ['prov-never'], defaultCapacityProviderStrategy: [{ capacityProvider: 'prov-never', weight: 1 }] }))
    await t.ecs.send(new RegisterTaskDefinitionCommand({ family: 'prov-late', containerDefinitions: [{ name: 'app', image: 'web', memory: 128 }] }))
  })
  after(() => t?.close())

  it('stays PROVISIONING for 30 minutes, then stops: TaskFailedToStart, EMPTY CAPACITY PROVIDER', async () => {
    // The cluster's default strategy applies: no launch type, no strategy given.
    const run = await t.ecs.send(new RunTaskCommand({ cluster: 'prov-timeout', taskDefinition: 'prov-late' }))
    assert.deepEqual(run.failures, [])
    const arn = run.tasks![0]!.taskArn!
    const describe1 = async () => (await t.ecs.send(new DescribeTasksCommand({ cluster: 'prov-timeout', tasks: [arn] }))).tasks![0]!

    // 29 minutes on, it still waits (moved a minute at a time, so the pass's timer is set whenever it runs).
    for (let m = 0; m < 29; m++) timers.advance(60_000)
    await new Promise((r) => setImmediate(r))
    assert.equal((await describe1()).lastStatus, 'PROVISIONING')

    const stopped = await waitFor(
      'the task stopped by the timeout',
      async () => {
        timers.advance(60_000)
        return describe1()
      },
      (x) => x.lastStatus === 'STOPPED',
    )
    assert.equal(stopped.desiredStatus, 'STOPPED')
    assert.equal(stopped.stopCode, 'TaskFailedToStart')
    assert.equal(stopped.stoppedReason, 'TaskFailedToStart: EMPTY CAPACITY PROVIDER')
    assert.equal(stopped.containerInstanceArn, undefined)
    assert.ok(stopped.stoppedAt!.getTime() >= Date.UTC(2026, 0, 1) + 30 * 60_000)
  })
})
