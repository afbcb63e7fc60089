import {
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startFakeCluster, type FakeCluster } from '../../testing/fake-cluster.js'
import { waitFor } from '../../testing/wait.js'

/**
 * The service scheduler as it runs: the control plane with every controller, agents over fake
 * runtimes (no Docker), services through the SDK. What the scheduler decides is tested on
 * snapshots (reconcile.test.ts); here, that the decisions reach the agents and come back.
 */
const CHECKED = 'berth-test/checked:1'
const checkedTask = { name: 'app', image: CHECKED, memory: 64, portMappings: [{ containerPort: 80 }], healthCheck: { command: ['CMD', 'true'], interval: 5, timeout: 2, retries: 1 } }

describe('the service scheduler over fake hosts', () => {
  let c: FakeCluster
  let n = 0
  before(async () => {
    c = await startFakeCluster({ hosts: 3, runtime: { images: { [CHECKED]: { health: 'healthy' } } } })
    await c.server.ecs.send(new RegisterTaskDefinitionCommand({ family: 'app', containerDefinitions: [checkedTask] }))
  })
  after(() => c?.close())

  const ecs = () => c.server.ecs
  const describeService = async (name: string): Promise<Service> =>
    (await ecs().send(new DescribeServicesCommand({ cluster: c.name, services: [name] }))).services![0]!
  const until = (name: string, done: (s: Service) => boolean, what: string, timeoutMs = 15_000) =>
    waitFor(`${name}: ${what}`, () => describeService(name), done, { timeoutMs, intervalMs: 20 })
  const steady = (desired: number) => (s: Service) =>
    s.runningCount === desired && s.deployments?.length === 1 && s.deployments[0]!.rolloutState === 'COMPLETED' && s.events?.[0]?.message?.endsWith('has reached a steady state.') === true
  const tasksOf = async (name: string): Promise<Task[]> => {
    const { taskArns } = await ecs().send(new ListTasksCommand({ cluster: c.name, serviceName: name }))
    return taskArns!.length ? (await ecs().send(new DescribeTasksCommand({ cluster: c.name, tasks: taskArns }))).tasks! : []
  }
  const newService = async (desiredCount: number, over: object = {}) => {
    const name = `svc${++n}`
    await ecs().send(new CreateServiceCommand({ cluster: c.name, serviceName: name, taskDefinition: 'app', desiredCount, ...over }))
    return name
  }
  const hostOf = (t: Task) => c.hosts.find((h) => h.arn === t.containerInstanceArn)!

  it('runs a service to a steady state, replaces a crashed task, and scales', async () => {
    const name = await newService(3)
    await until(name, steady(3), 'steady at 3')
    const [victim] = await tasksOf(name)
    hostOf(victim!).runtime.exit(victim!.containers![0]!.runtimeId!, 1)
    const replaced = await until(name, (s) => steady(3)(s) && s.events!.some((e) => e.message!.includes('has started 1 tasks')), 'the crash replaced')
    assert.ok(!replaced.events!.some((e) => e.message!.includes('has stopped')), 'no stop event for a task that stopped on its own')
    await ecs().send(new UpdateServiceCommand({ cluster: c.name, service: name, desiredCount: 5 }))
    await until(name, steady(5), 'steady at 5')
    await ecs().send(new UpdateServiceCommand({ cluster: c.name, service: name, desiredCount: 1 }))
    const shrunk = await until(name, steady(1), 'steady at 1')
    assert.ok(shrunk.events!.some((e) => /has stopped 4 running tasks/.test(e.message!)))
    await ecs().send(new UpdateServiceCommand({ cluster: c.name, service: name, desiredCount: 0 }))
    await until(name, (s) => s.runningCount === 0, 'empty')
  })

  it('replaces a task that fails its container health checks', async () => {
    const name = await newService(2)
    await until(name, steady(2), 'steady')
    const [sick] = await tasksOf(name)
    hostOf(sick!).runtime.setHealth(sick!.containers![0]!.runtimeId!, 'unhealthy')
    const s = await until(name, (x) => steady(2)(x) && x.events!.some((e) => e.message!.includes('failed container health checks')), 'the sick task replaced')
    const messages = s.events!.map((e) => e.message!)
    assert.ok(messages.includes(`(service ${name}) (task ${sick!.taskArn!.split('/').pop()}) failed container health checks.`), messages.join('\n'))
    assert.ok(messages.some((m) => m.endsWith('Amazon ECS replaced 1 tasks due to an unhealthy status.')), messages.join('\n'))
    const stopped = (await ecs().send(new DescribeTasksCommand({ cluster: c.name, tasks: [sick!.taskArn!] }))).tasks![0]!
    assert.equal(stopped.stoppedReason, 'Task failed container health checks')
    assert.equal(stopped.stopCode, 'ServiceSchedulerInitiated')
    await ecs().send(new UpdateServiceCommand({ cluster: c.name, service: name, desiredCount: 0 }))
  })

  it('throttles a service whose tasks cannot start, and says so', async () => {
    const image = 'berth-test/missing:1'
    for (const h of c.hosts) h.runtime.failPull(image, 'not-found')
    await ecs().send(new RegisterTaskDefinitionCommand({ family: 'missing', containerDefinitions: [{ name: 'x', image, memory: 32 }] }))
    const name = await newService(1, { taskDefinition: 'missing' })
    const s = await until(name, (x) => x.events!.some((e) => e.message === `(service ${name}) is unable to consistently start tasks successfully.`), 'throttled')
    assert.equal(s.deployments![0]!.failedTasks, 3)
    await ecs().send(new UpdateServiceCommand({ cluster: c.name, service: name, desiredCount: 0 }))
  })

  it('replaces the tasks of a host whose agent is gone past the timeout, and rebalances zones when one comes back', async () => {
    const name = await newService(3)
    await until(name, steady(3), 'steady over three zones')
    const lostHost = c.hosts.find((h) => h.zone === 'us-east-1c')!
    const lostTask = (await tasksOf(name)).find((t) => t.containerInstanceArn === lostHost.arn)!
    await lostHost.stop()
    await until(name, (s) => steady(3)(s) && s.events!.some((e) => e.message!.includes('has started 1 tasks')), 'the lost task replaced in another zone')
    const gone = (await ecs().send(new DescribeTasksCommand({ cluster: c.name, tasks: [lostTask.taskArn!] }))).tasks![0]!
    assert.equal(gone.desiredStatus, 'STOPPED')
    assert.match(gone.stoppedReason!, /has been disconnected for more than 3 seconds/)

    await c.addHost({ zone: 'us-east-1c' })
    const balanced = await until(name, (s) => steady(3)(s) && s.events!.some((e) => e.message!.includes('is AZ balanced')), 'balanced again')
    const messages = balanced.events!.map((e) => e.message!)
    assert.ok(messages.some((m) => /is not AZ balanced with .*0 tasks in us-east-1c\. AZ Rebalancing in progress\.$/.test(m)), messages.join('\n'))
    assert.ok(messages.some((m) => m.includes('to AZ Rebalance')), messages.join('\n'))
    assert.ok(messages.includes(`(service ${name}) is AZ balanced with 1 tasks in us-east-1a, 1 tasks in us-east-1b, 1 tasks in us-east-1c.`), messages.join('\n'))
  })
})
