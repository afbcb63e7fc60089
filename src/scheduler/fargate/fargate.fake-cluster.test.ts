import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListContainerInstancesCommand,
  ListServicesCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  UpdateServiceCommand,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { FARGATE_POOL_CLUSTER } from '../../core/model/fargate.js'
import { startFakeCluster, type FakeCluster, type FakeHost } from '../../testing/fake-cluster.js'
import { waitFor } from '../../testing/wait.js'

/**
 * The Fargate pool as it runs: a control plane with every controller, one EC2 host of the
 * cluster and one host of the pool (1024 CPU units, 2048 MiB: four 256/512 tasks), agents over
 * fake runtimes. Tasks and services with launchType FARGATE run on the pool, which no
 * container-instance API shows; a full pool answers ECS's "Capacity is unavailable".
 */
const NET = { awsvpcConfiguration: { subnets: ['subnet-12345678'], securityGroups: ['sg-12345678'], assignPublicIp: 'ENABLED' as const } }
const CAPACITY = 'Capacity is unavailable at this time. Please try again later or in a different availability zone'

describe('the Fargate pool over fake hosts', () => {
  let c: FakeCluster
  let pool: FakeHost
  before(async () => {
    c = await startFakeCluster({ hosts: 1 })
    pool = await c.addHost({ cluster: FARGATE_POOL_CLUSTER, cpu: 1024, memory: 2048 })
    await c.server.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'fg-sample',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'web', image: 'web', essential: true, portMappings: [{ containerPort: 80, protocol: 'tcp' }] }],
      }),
    )
  })
  after(() => c?.close())

  const ecs = () => c.server.ecs
  const describe1 = async (arn: string): Promise<Task> => (await ecs().send(new DescribeTasksCommand({ cluster: c.name, tasks: [arn] }))).tasks![0]!
  const running = (arn: string) => waitFor(`${arn} RUNNING`, () => describe1(arn), (t) => t.lastStatus === 'RUNNING', { timeoutMs: 15_000, intervalMs: 20 })
  const stopped = (arn: string) => waitFor(`${arn} STOPPED`, () => describe1(arn), (t) => t.lastStatus === 'STOPPED', { timeoutMs: 15_000, intervalMs: 20 })
  const describeService = async (name: string): Promise<Service> => (await ecs().send(new DescribeServicesCommand({ cluster: c.name, services: [name] }))).services![0]!

  it('lists FARGATE and FARGATE_SPOT among a cluster\'s capacity providers only when associated', async () => {
    const plain = (await ecs().send(new DescribeClustersCommand({ clusters: [c.name] }))).clusters![0]!
    assert.deepEqual(plain.capacityProviders, [])
    const made = await ecs().send(new CreateClusterCommand({ clusterName: 'fg-with-providers', capacityProviders: ['FARGATE', 'FARGATE_SPOT'] }))
    assert.deepEqual(made.cluster?.capacityProviders, ['FARGATE', 'FARGATE_SPOT'])
  })

  it('runs a task on the pool: no container instance, FARGATE, 1.4.0, Linux, its size, 20 GiB', async () => {
    const run = await ecs().send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'fg-sample', launchType: 'FARGATE', networkConfiguration: NET }))
    assert.deepEqual(run.failures, [])
    const task = await running(run.tasks![0]!.taskArn!)
    assert.equal(task.containerInstanceArn, undefined)
    assert.equal(task.launchType, 'FARGATE')
    assert.equal(task.platformVersion, '1.4.0')
    assert.equal(task.platformFamily, 'Linux')
    assert.equal(task.cpu, '256')
    assert.equal(task.memory, '512')
    assert.deepEqual(task.ephemeralStorage, { sizeInGiB: 20 })
    assert.equal(task.capacityProviderName, undefined)
    assert.equal(task.availabilityZone, pool.zone)
    // The pool's host ran it, under the task's own cluster.
    const container = pool.runtime.containers().find((x) => x.labels['com.amazonaws.ecs.task-arn'] === task.taskArn && x.labels['com.amazonaws.ecs.container-name'] === 'web')
    assert.equal(container?.labels['com.amazonaws.ecs.cluster'], c.name)

    const listed = await ecs().send(new ListContainerInstancesCommand({ cluster: c.name }))
    assert.deepEqual(listed.containerInstanceArns, [c.hosts[0]!.arn], 'the pool is no container instance of the cluster')
    const described = await ecs().send(new DescribeContainerInstancesCommand({ cluster: c.name, containerInstances: [pool.arn] }))
    assert.deepEqual(described.containerInstances, [])
    assert.equal(described.failures?.[0]?.reason, 'MISSING')
    const cluster = (await ecs().send(new DescribeClustersCommand({ clusters: [c.name] }))).clusters![0]!
    assert.equal(cluster.registeredContainerInstancesCount, 1)
    assert.equal(cluster.runningTasksCount, 1)

    assert.deepEqual((await ecs().send(new ListTasksCommand({ cluster: c.name, launchType: 'FARGATE' }))).taskArns, [task.taskArn])
    assert.deepEqual((await ecs().send(new ListTasksCommand({ cluster: c.name, launchType: 'EC2' }))).taskArns, [])
    await ecs().send(new StopTaskCommand({ cluster: c.name, task: task.taskArn! }))
    await stopped(task.taskArn!)
  })

  it('answers ECS\'s capacity failure for what the pool has no room for, and starts the rest', async () => {
    const run = await ecs().send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'fg-sample', launchType: 'FARGATE', networkConfiguration: NET, count: 6 }))
    assert.equal(run.tasks?.length, 4, 'four 256-unit tasks fill 1024 units')
    assert.deepEqual(run.failures, [{ reason: CAPACITY }])
    for (const t of run.tasks!) await ecs().send(new StopTaskCommand({ cluster: c.name, task: t.taskArn! }))
    for (const t of run.tasks!) await stopped(t.taskArn!)
  })

  it('runs a FARGATE service on the pool, and says so when it outgrows it', async () => {
    await ecs().send(
      new CreateServiceCommand({ cluster: c.name, serviceName: 'fg-svc', taskDefinition: 'fg-sample', desiredCount: 2, launchType: 'FARGATE', networkConfiguration: NET }),
    )
    const steady = await waitFor('fg-svc steady', () => describeService('fg-svc'), (s) => s.runningCount === 2, {
      timeoutMs: 20_000,
      intervalMs: 50,
    })
    assert.equal(steady.launchType, 'FARGATE')
    assert.equal(steady.platformVersion, 'LATEST')
    assert.equal(steady.platformFamily, 'Linux')
    assert.equal(steady.deployments?.[0]?.launchType, 'FARGATE')
    assert.equal(steady.deployments?.[0]?.platformVersion, '1.4.0')
    assert.deepEqual(steady.networkConfiguration, NET)
    const { taskArns } = await ecs().send(new ListTasksCommand({ cluster: c.name, serviceName: 'fg-svc' }))
    const tasks = (await ecs().send(new DescribeTasksCommand({ cluster: c.name, tasks: taskArns! }))).tasks!
    assert.ok(tasks.every((t) => t.launchType === 'FARGATE' && t.containerInstanceArn === undefined))
    assert.deepEqual((await ecs().send(new ListServicesCommand({ cluster: c.name, launchType: 'FARGATE' }))).serviceArns, [steady.serviceArn])
    const stats = (await ecs().send(new DescribeClustersCommand({ clusters: [c.name], include: ['STATISTICS'] }))).clusters![0]!.statistics!
    const stat = (name: string) => stats.find((x) => x.name === name)?.value
    assert.equal(stat('runningFargateTasksCount'), '2')
    assert.equal(stat('runningEC2TasksCount'), '0')
    assert.equal(stat('activeFargateServiceCount'), '1')
    assert.equal(stat('activeEC2ServiceCount'), '0')
    await assert.rejects(ecs().send(new UpdateServiceCommand({ cluster: c.name, service: 'fg-svc', platformVersion: '1.3.0' })), {
      name: 'PlatformUnknownException',
      message: "The specified platform version doesn't exist.",
    })

    await ecs().send(new UpdateServiceCommand({ cluster: c.name, service: 'fg-svc', desiredCount: 6 }))
    const full = await waitFor(
      'fg-svc outgrows the pool',
      () => describeService('fg-svc'),
      (s) => s.runningCount === 4 && (s.events ?? []).some((e) => e.message === `(service fg-svc) was unable to place a task. Reason: ${CAPACITY}.`),
      { timeoutMs: 20_000, intervalMs: 50 },
    )
    assert.equal(full.desiredCount, 6)
    await ecs().send(new UpdateServiceCommand({ cluster: c.name, service: 'fg-svc', desiredCount: 0 }))
    await waitFor('fg-svc at 0', () => describeService('fg-svc'), (s) => s.runningCount === 0, { timeoutMs: 20_000, intervalMs: 50 })
  })
})

describe('a capacity provider strategy over FARGATE and FARGATE_SPOT', () => {
  let c: FakeCluster
  before(async () => {
    c = await startFakeCluster({ hosts: 0 })
    // Room for eight 256/512 tasks and more.
    await c.addHost({ cluster: FARGATE_POOL_CLUSTER, cpu: 4096, memory: 8192 })
    await c.server.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'fg-split',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'web', image: 'web', essential: true }],
      }),
    )
    await c.server.ecs.send(new CreateClusterCommand({ clusterName: 'fg-split', capacityProviders: ['FARGATE', 'FARGATE_SPOT'] }))
  })
  after(() => c?.close())

  const STRATEGY = [
    { capacityProvider: 'FARGATE', base: 1, weight: 1 },
    { capacityProvider: 'FARGATE_SPOT', weight: 3 },
  ]
  const split = (tasks: readonly Task[]) => ({
    FARGATE: tasks.filter((t) => t.capacityProviderName === 'FARGATE').length,
    FARGATE_SPOT: tasks.filter((t) => t.capacityProviderName === 'FARGATE_SPOT').length,
  })

  it('RunTask: FARGATE base 1 weight 1, FARGATE_SPOT weight 3 places 8 tasks 3 and 5, all on the pool', async () => {
    const run = await c.server.ecs.send(new RunTaskCommand({ cluster: 'fg-split', taskDefinition: 'fg-split', count: 8, capacityProviderStrategy: STRATEGY, networkConfiguration: NET }))
    assert.deepEqual(run.failures, [])
    assert.deepEqual(split(run.tasks!), { FARGATE: 3, FARGATE_SPOT: 5 })
    for (const t of run.tasks!) {
      assert.equal(t.launchType, 'FARGATE')
      assert.equal(t.containerInstanceArn, undefined, 'no container instance, as for launchType FARGATE')
    }
    for (const t of run.tasks!) await c.server.ecs.send(new StopTaskCommand({ cluster: 'fg-split', task: t.taskArn! }))
  })

  it('a service with the strategy keeps the split as it runs its 8 tasks', async () => {
    await c.server.ecs.send(
      new CreateServiceCommand({ cluster: 'fg-split', serviceName: 'fg-split-svc', taskDefinition: 'fg-split', desiredCount: 8, capacityProviderStrategy: STRATEGY, networkConfiguration: NET }),
    )
    const tasks = await waitFor(
      'the service RUNNING 8 tasks',
      async () => {
        const arns = (await c.server.ecs.send(new ListTasksCommand({ cluster: 'fg-split', serviceName: 'fg-split-svc' }))).taskArns ?? []
        return arns.length === 0 ? [] : ((await c.server.ecs.send(new DescribeTasksCommand({ cluster: 'fg-split', tasks: arns }))).tasks ?? [])
      },
      (ts) => ts.length === 8 && ts.every((t) => t.lastStatus === 'RUNNING'),
      { timeoutMs: 20_000 },
    )
    assert.deepEqual(split(tasks), { FARGATE: 3, FARGATE_SPOT: 5 })
    const service = (await c.server.ecs.send(new DescribeServicesCommand({ cluster: 'fg-split', services: ['fg-split-svc'] }))).services![0]!
    assert.deepEqual(service.capacityProviderStrategy, STRATEGY, 'the strategy as given')
    assert.equal(service.platformVersion, 'LATEST')
  })
})
