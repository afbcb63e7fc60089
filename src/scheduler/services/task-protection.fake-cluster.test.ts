import {
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  UpdateTaskProtectionCommand,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../core/clock.js'
import { startFakeCluster, type FakeCluster } from '../../testing/fake-cluster.js'
import { ManualTimers } from '../../testing/timers.js'
import { waitFor } from '../../testing/wait.js'

/**
 * Task scale-in protection as the running scheduler keeps it, over fake hosts, time on a
 * ManualClock: a protected task survives a scale-in (the service says why it cannot reach its
 * count), goes once UpdateTaskProtection removes the protection, and goes on its own when the
 * protection ends (the scheduler's timer, no write).
 */
const IMAGE = 'berth-test/protected:1'
const container = { name: 'app', image: IMAGE, memory: 64, portMappings: [{ containerPort: 80 }], healthCheck: { command: ['CMD', 'true'], interval: 5, timeout: 2, retries: 1 } }

describe('task scale-in protection over fake hosts', () => {
  const clock = new ManualClock(Date.now())
  const timers = new ManualTimers(clock)
  let c: FakeCluster
  before(async () => {
    c = await startFakeCluster({ hosts: 3, server: { clock, timers, agentSilenceTimeoutMs: 24 * 3_600_000 }, runtime: { images: { [IMAGE]: { health: 'healthy' } } } })
    await c.server.ecs.send(new RegisterTaskDefinitionCommand({ family: 'prot', containerDefinitions: [container] }))
  })
  after(() => c?.close())

  const ecs = () => c.server.ecs
  const describeService = async (): Promise<Service> => (await ecs().send(new DescribeServicesCommand({ cluster: c.name, services: ['guarded'] }))).services![0]!
  const until = (what: string, done: (s: Service) => boolean) => waitFor(what, describeService, done, { timeoutMs: 15_000, intervalMs: 20 })
  const runningTasks = async (): Promise<Task[]> => {
    const { taskArns } = await ecs().send(new ListTasksCommand({ cluster: c.name, serviceName: 'guarded' }))
    if (!taskArns?.length) return []
    return (await ecs().send(new DescribeTasksCommand({ cluster: c.name, tasks: taskArns }))).tasks!.filter((t) => t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING')
  }
  const ids = (ts: readonly Task[]) => ts.map((t) => t.taskArn!).sort()
  const protect = (tasks: readonly Task[], protectionEnabled: boolean, expiresInMinutes?: number) =>
    ecs().send(new UpdateTaskProtectionCommand({ cluster: c.name, tasks: tasks.map((t) => t.taskArn!), protectionEnabled, ...(expiresInMinutes ? { expiresInMinutes } : {}) }))
  const steadyAt = (n: number) => (s: Service) => s.runningCount === n && s.pendingCount === 0 && s.deployments?.[0]?.rolloutState === 'COMPLETED'

  it('desired 3 → 1 with one protected: it survives; unprotected, it goes; a protection that ends lets the last go', async () => {
    await ecs().send(new CreateServiceCommand({ cluster: c.name, serviceName: 'guarded', taskDefinition: 'prot', desiredCount: 3 }))
    await until('steady at 3', steadyAt(3))
    const [a, b] = await runningTasks()
    await protect([a!], true, 10)
    await protect([b!], true, 60)

    // Two protected, one not, desired 1: only the unprotected one can go, and the service says so.
    await ecs().send(new UpdateServiceCommand({ cluster: c.name, service: 'guarded', desiredCount: 1 }))
    const held = await until('one stopped, two held', (s) => s.runningCount === 2 && s.events!.some((e) => e.message === '(service guarded) was unable to scale in due to (reason 1 tasks under protection).'))
    assert.ok(held.events!.some((e) => /has stopped 1 running tasks/.test(e.message!)))
    assert.deepEqual(ids(await runningTasks()), ids([a!, b!]))

    // b's protection removed: it goes, a (still protected) stays.
    await protect([b!], false)
    await until('b gone, steady at 1', steadyAt(1))
    assert.deepEqual(ids(await runningTasks()), ids([a!]))

    // Desired 0: a is held until its protection ends; the scheduler's own timer lets it go.
    await ecs().send(new UpdateServiceCommand({ cluster: c.name, service: 'guarded', desiredCount: 0 }))
    await waitFor('the scale-in to 0 held', describeService, (s) => s.events![0]!.message === '(service guarded) was unable to scale in due to (reason 1 tasks under protection).', { timeoutMs: 15_000, intervalMs: 20 })
    assert.deepEqual(ids(await runningTasks()), ids([a!]))
    timers.advance(10 * 60_000)
    await until('a gone once its protection ended', (s) => s.runningCount === 0)
  })
})
