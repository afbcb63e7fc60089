import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch'
import {
  CreateCapacityProviderCommand,
  CreateServiceCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListContainerInstancesCommand,
  ListTasksCommand,
  PutClusterCapacityProvidersCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, describe, it } from 'node:test'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../testing/images.js'
import { TEST_CREDENTIALS } from '../testing/server.js'
import { berthUpFixture } from '../testing/berth-up-fixture.js'
import type { SpawnedBerth } from '../testing/spawn-berth.js'
import { waitFor } from '../testing/wait.js'

/**
 * Managed scaling on the real `berth up`: its local instances are the Auto Scaling group a
 * capacity provider names. A service that outgrows the one instance gets a second started
 * for it — the task that does not fit waits in PROVISIONING, with no instance, until it joins —
 * and scaled back in, the idle instance is stopped and deregistered. 127.0.34.x.
 */
const docker = await connectTestEngine()
describe('berth up managed scaling', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  const rt = docker.skip === undefined ? docker.runtime : undefined
  const up = berthUpFixture('cp-ms', rt)
  const { cluster } = up
  const group = `cp-ms-asg-${randomBytes(3).toString('hex')}`
  let berth: SpawnedBerth | undefined
  let ecs: ECSClient | undefined
  let cw: CloudWatchClient | undefined
  after(async () => {
    ecs?.destroy()
    cw?.destroy()
    await up.close()
  })

  const activeInstances = async () => {
    const arns = (await ecs!.send(new ListContainerInstancesCommand({ cluster, status: 'ACTIVE' }))).containerInstanceArns ?? []
    return arns.length ? ((await ecs!.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: arns }))).containerInstances ?? []) : []
  }
  const serviceTasks = async () => {
    const arns = (await ecs!.send(new ListTasksCommand({ cluster, serviceName: 'cp-ms-svc', desiredStatus: 'RUNNING' }))).taskArns ?? []
    return arns.length ? ((await ecs!.send(new DescribeTasksCommand({ cluster, tasks: arns }))).tasks ?? []) : []
  }
  const runningTasks = async () => (await serviceTasks()).filter((t) => t.lastStatus === 'RUNNING')

  it('adds an instance when a service outgrows the group, and removes it after scale-in', async () => {
    await ensureTestImages(rt!.client)
    berth = await up.start([
      '--host', '127.0.34.1', '--instance-base-ip', '127.0.34.2', '--instances', '1',
      '--instance-cpu', '1024', '--instance-memory', '512', '--asg-name', group, '--asg-min-size', '1', '--asg-max-size', '2', '--asg-scale-in-after', '1',
    ])
    const arn = /Auto Scaling group (arn:aws:autoscaling:\S+)/.exec(berth.stdout())?.[1]
    assert.ok(arn?.endsWith(`:autoScalingGroupName/${group}`), berth.stdout())
    ecs = new ECSClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 })
    cw = new CloudWatchClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 })
    await ecs.send(
      new CreateCapacityProviderCommand({
        name: 'cp-ms',
        autoScalingGroupProvider: { autoScalingGroupArn: arn, managedScaling: { status: 'ENABLED', targetCapacity: 100 }, managedTerminationProtection: 'ENABLED' },
      }),
    )
    await ecs.send(new PutClusterCapacityProvidersCommand({ cluster, capacityProviders: ['cp-ms'], defaultCapacityProviderStrategy: [{ capacityProvider: 'cp-ms', weight: 1 }] }))
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'cp-ms-sleeper',
        containerDefinitions: [{ name: 'sleep', image: TEST_IMAGES.busybox, cpu: 512, memory: 64, command: ['sleep', '3600'], linuxParameters: { initProcessEnabled: true } }],
      }),
    )
    const [first] = await waitFor('the first instance', activeInstances, (is) => is.length === 1 && is[0]!.agentConnected === true, { timeoutMs: 30_000, intervalMs: 200 })
    assert.ok(first!.attributes?.some((a) => a.name === 'berth.auto-scaling-group' && a.value === group))

    // Two tasks of 512 CPU units fill the one 1024-unit instance.
    await ecs.send(new CreateServiceCommand({ cluster, serviceName: 'cp-ms-svc', taskDefinition: 'cp-ms-sleeper', desiredCount: 2 }))
    await waitFor('2 tasks running', runningTasks, (ts) => ts.length === 2, { timeoutMs: 60_000, intervalMs: 250 })
    assert.equal((await activeInstances()).length, 1, 'no instance added while the group holds its tasks')

    // A third does not fit: it waits in PROVISIONING with no instance (counted pending, as ECS
    // counts it), managed scaling starts a second instance, and the task goes there.
    await ecs.send(new UpdateServiceCommand({ cluster, service: 'cp-ms-svc', desiredCount: 3 }))
    const waitingTask = await waitFor('a task waiting in PROVISIONING', serviceTasks, (ts) => ts.some((t) => t.lastStatus === 'PROVISIONING' && t.containerInstanceArn === undefined), {
      timeoutMs: 30_000,
      intervalMs: 50,
    }).then((ts) => ts.find((t) => t.lastStatus === 'PROVISIONING' && t.containerInstanceArn === undefined)!)
    assert.equal(waitingTask.capacityProviderName, 'cp-ms')
    assert.equal(waitingTask.desiredStatus, 'RUNNING')
    const grown = await waitFor('a second instance', activeInstances, (is) => is.length === 2 && is.every((i) => i.agentConnected), { timeoutMs: 90_000, intervalMs: 250 })
    const second = grown.find((i) => i.containerInstanceArn !== first!.containerInstanceArn)!
    assert.ok(second.attributes?.some((a) => a.name === 'berth.auto-scaling-group-member' && a.value === '2'))
    const three = await waitFor('3 tasks running', runningTasks, (ts) => ts.length === 3, { timeoutMs: 90_000, intervalMs: 250 })
    assert.equal(three.find((t) => t.taskArn === waitingTask.taskArn)?.containerInstanceArn, second.containerInstanceArn, 'the waiting task went PROVISIONING → RUNNING on the new instance')
    assert.ok(three.every((t) => t.capacityProviderName === 'cp-ms'))
    assert.ok(three.some((t) => t.containerInstanceArn === second.containerInstanceArn), 'the task that did not fit runs on the new instance')
    const described = await ecs.send(new DescribeServicesCommand({ cluster, services: ['cp-ms-svc'] }))
    assert.deepEqual(described.services?.[0]?.capacityProviderStrategy, [{ capacityProvider: 'cp-ms', weight: 1 }])

    // Scaled in to one task: an instance is left idle, and managed scaling stops it.
    await ecs.send(new UpdateServiceCommand({ cluster, service: 'cp-ms-svc', desiredCount: 1 }))
    const shrunk = await waitFor('back to one instance', activeInstances, (is) => is.length === 1, { timeoutMs: 120_000, intervalMs: 250 })
    const [survivor] = await waitFor('1 task running', runningTasks, (ts) => ts.length === 1, { timeoutMs: 60_000, intervalMs: 250 })
    assert.equal(survivor!.containerInstanceArn, shrunk[0]!.containerInstanceArn, 'the instance kept is the one with the task')
    assert.match(berth.stdout(), /managed scaling: launching instances/)
    assert.match(berth.stdout(), /managed scaling: terminating idle instances/)

    const metrics = await cw.send(new ListMetricsCommand({ Namespace: 'AWS/ECS/ManagedScaling', MetricName: 'CapacityProviderReservation' }))
    const dims = metrics.Metrics?.[0]?.Dimensions?.map((d) => `${d.Name}=${d.Value}`).sort()
    assert.deepEqual(dims, [`CapacityProviderName=cp-ms`, `ClusterName=${cluster}`])
  })
})
