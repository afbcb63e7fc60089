import { CreateCapacityProviderCommand, CreateClusterCommand, CreateServiceCommand, PutClusterCapacityProvidersCommand, RegisterTaskDefinitionCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { systemClock } from '../core/clock.js'
import { silentLogger } from '../core/log.js'
import { AUTO_SCALING_GROUP_ATTRIBUTE } from '../core/model/capacity-provider.js'
import { realTimers } from '../core/timers.js'
import { registerInstance } from '../testing/container-instances.js'
import { RecordingMetricStore } from '../testing/recording-metric-store.js'
import { startTestServer, type TestServer } from '../testing/server.js'
import { waitFor } from '../testing/wait.js'
import { managedScalingController } from './managed-scaling-controller.js'
import { GROUP_MEMBER_ATTRIBUTE, type AutoScalingGroupPool, type GroupState } from './pool.js'

const GROUP = 'cp-fake-asg'

/** A pool that only records what it is asked; a test "joins" a launched member by registering it. */
class FakePool implements AutoScalingGroupPool {
  readonly calls: string[] = []
  members: { id: string; launchedAt: number }[] = [{ id: '1', launchedAt: 0 }]
  group(name: string): GroupState | undefined {
    return name === GROUP ? { name, minSize: 1, maxSize: 3, instanceCpu: 1024, instanceMemory: 1024, members: this.members } : undefined
  }
  async launch(_group: string, count: number): Promise<void> {
    this.calls.push(`launch ${count}`)
    for (let n = 0; n < count; n++) this.members = [...this.members, { id: String(this.members.length + 1), launchedAt: Date.now() }]
  }
  async terminate(_group: string, members: readonly string[]): Promise<void> {
    this.calls.push(`terminate ${members.join(',')}`)
    this.members = this.members.filter((m) => !members.includes(m.id))
  }
}

describe('the managed scaling controller, with a fake pool', () => {
  let t: TestServer
  const pool = new FakePool()
  const metrics = new RecordingMetricStore()
  const stop = new AbortController()
  let running: Promise<void>

  const join = async (id: string) => {
    const arn = await registerInstance(t.ecs, {
      cluster: 'cp-fake',
      totalResources: [{ name: 'CPU', type: 'INTEGER', integerValue: 1024 }, { name: 'MEMORY', type: 'INTEGER', integerValue: 1024 }],
      attributes: [{ name: AUTO_SCALING_GROUP_ATTRIBUTE, value: GROUP }, { name: GROUP_MEMBER_ATTRIBUTE, value: id }],
    })
    await t.store.txn(async (tx) => void tx.containerInstances.put({ ...(await tx.containerInstances.get(arn))!, agentConnected: true }))
    return arn
  }

  before(async () => {
    t = await startTestServer()
    await t.ecs.send(new CreateClusterCommand({ clusterName: 'cp-fake' }))
    await t.ecs.send(
      new CreateCapacityProviderCommand({ name: 'cp-fake', autoScalingGroupProvider: { autoScalingGroupArn: GROUP, managedScaling: { status: 'ENABLED', targetCapacity: 100 }, managedTerminationProtection: 'ENABLED' } }),
    )
    await t.ecs.send(new PutClusterCapacityProvidersCommand({ cluster: 'cp-fake', capacityProviders: ['cp-fake'], defaultCapacityProviderStrategy: [{ capacityProvider: 'cp-fake', weight: 1 }] }))
    await t.ecs.send(new RegisterTaskDefinitionCommand({ family: 'cp-fake-big', containerDefinitions: [{ name: 'app', image: 'berth-test/web', cpu: 1024, memory: 256 }] }))
    await join('1')
    running = managedScalingController({ store: t.store, clock: systemClock, timers: realTimers, logger: silentLogger, metrics, pool, intervalMs: 20, scaleInAfterMs: 0 }).run(stop.signal)
  })
  after(async () => {
    stop.abort()
    await running
    await t.close()
  })

  it('launches for the tasks a service cannot place, within the max size, and publishes the reservation', async () => {
    // Each task takes a whole instance: 1 runs, 3 wait; max size 3 allows 2 more.
    await t.ecs.send(new CreateServiceCommand({ cluster: 'cp-fake', serviceName: 'cp-fake-svc', taskDefinition: 'cp-fake-big', desiredCount: 4 }))
    await waitFor('a launch', async () => pool.calls, (c) => c.length > 0)
    assert.deepEqual(pool.calls, ['launch 2'])
    const reservation = metrics.observations.filter((o) => o.metric.namespace === 'AWS/ECS/ManagedScaling')
    assert.ok(reservation.some((o) => o.values.maximum === 400), 'M = 1 busy + 3 waiting, N = 1: 400 %')
    assert.deepEqual(reservation[0]!.metric.dimensions, [{ name: 'CapacityProviderName', value: 'cp-fake' }, { name: 'ClusterName', value: 'cp-fake' }])
  })

  it('terminates idle instances once the service shrinks, and deregisters them', async () => {
    const joined = [await join('2'), await join('3')]
    await t.ecs.send(new UpdateServiceCommand({ cluster: 'cp-fake', service: 'cp-fake-svc', desiredCount: 0 }))
    // The service's tasks are stopped but, with no agent, never reported STOPPED: report it as an agent would.
    await waitFor('the tasks asked to stop', () => t.store.read((tx) => tx.tasks.list({ clusterArn: t.arns.cluster('cp-fake'), limit: 100 })), (ts) => ts.every((x) => x.desiredStatus === 'STOPPED'))
    await t.store.txn(async (tx) => {
      for (const task of await tx.tasks.list({ clusterArn: t.arns.cluster('cp-fake'), limit: 100 })) await tx.tasks.put({ ...task, lastStatus: 'STOPPED' })
    })
    await waitFor('a termination', async () => pool.calls, (c) => c.some((x) => x.startsWith('terminate')))
    assert.deepEqual(pool.calls.filter((c) => c.startsWith('terminate')), ['terminate 2,3'], 'min size 1 keeps one; the newest idle ones go')
    for (const arn of joined) assert.equal((await t.store.read((tx) => tx.containerInstances.get(arn)))?.status, 'INACTIVE')
  })
})
