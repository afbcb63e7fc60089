import {
  CreateServiceCommand,
  CreateTaskSetCommand,
  DeleteServiceCommand,
  DeleteTaskSetCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  DescribeTaskSetsCommand,
  ListTasksCommand,
  PutClusterCapacityProvidersCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  UpdateServicePrimaryTaskSetCommand,
  UpdateTaskSetCommand,
  type ECSServiceException,
  type Task,
  type TaskSet,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { FARGATE_POOL_CLUSTER } from '../../../core/model/fargate.js'
import { seedTargetGroup } from '../../../testing/elb-fixtures.js'
import { startFakeCluster, type FakeCluster } from '../../../testing/fake-cluster.js'
import { waitFor } from '../../../testing/wait.js'

/**
 * Task sets end to end through the JS SDK, over fake hosts with the real scheduler: an EXTERNAL
 * service whose controller creates a blue and a green task set, makes blue PRIMARY, rescales
 * with the service's desiredCount and the task sets' scale, and deletes green, whose tasks stop.
 */
const IMAGE = 'berth-test/ts-web:1'
const container = (env: string) => ({ name: 'app', image: IMAGE, memory: 64, portMappings: [{ containerPort: 80 }], environment: [{ name: 'COLOR', value: env }] })

describe('task sets over fake hosts (JS SDK)', () => {
  let c: FakeCluster
  before(async () => {
    c = await startFakeCluster({ hosts: 2 })
    // The Fargate pool: one host, room for sixteen 256/512 tasks.
    await c.addHost({ cluster: FARGATE_POOL_CLUSTER, cpu: 4096, memory: 8192 })
    await c.server.ecs.send(new RegisterTaskDefinitionCommand({
      family: 'ts-fg', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512',
      containerDefinitions: [{ name: 'app', image: IMAGE, essential: true, portMappings: [{ containerPort: 80, protocol: 'tcp' }] }],
    }))
    await c.server.ecs.send(new RegisterTaskDefinitionCommand({ family: 'ts-web', containerDefinitions: [container('blue')] }))
    await c.server.ecs.send(new RegisterTaskDefinitionCommand({ family: 'ts-web', containerDefinitions: [container('green')] }))
    await c.server.ecs.send(new RegisterTaskDefinitionCommand({ family: 'ts-plain', containerDefinitions: [container('plain')] }))
  })
  after(() => c?.close())

  const ecs = () => c.server.ecs
  const taskSet = async (id: string, service = 'ts-ext'): Promise<TaskSet> =>
    (await ecs().send(new DescribeTaskSetsCommand({ cluster: c.name, service, taskSets: [id] }))).taskSets![0]!
  const settled = (id: string, running: number, service = 'ts-ext') => waitFor(`${id} at ${running}`, () => taskSet(id, service), (t) => t.runningCount === running && t.pendingCount === 0 && t.stabilityStatus === 'STEADY_STATE', { timeoutMs: 15_000, intervalMs: 20 })
  const liveTasks = async (startedBy: string) => {
    const { taskArns } = await ecs().send(new ListTasksCommand({ cluster: c.name, startedBy, desiredStatus: 'RUNNING' }))
    if (!taskArns?.length) return []
    return (await ecs().send(new DescribeTasksCommand({ cluster: c.name, tasks: taskArns }))).tasks!
  }
  const addressOf = (t: Task) =>
    t.attachments?.find((a) => a.type === 'ElasticNetworkInterface')?.details?.find((d) => d.name === 'privateIPv4Address')?.value
  const rejects = (p: Promise<unknown>, name: string, message: RegExp | string) =>
    assert.rejects(p, (e: ECSServiceException) => {
      assert.equal(e.name, name)
      if (typeof message === 'string') assert.equal(e.message, message)
      else assert.match(e.message, message)
      return true
    })

  it('runs an external controller’s blue and green task sets as ECS would', async () => {
    const { service } = await ecs().send(new CreateServiceCommand({ cluster: c.name, serviceName: 'ts-ext', desiredCount: 4, deploymentController: { type: 'EXTERNAL' } }))
    assert.deepEqual(service?.deploymentController, { type: 'EXTERNAL' })
    assert.deepEqual(service?.taskSets, [])
    assert.deepEqual(service?.deployments, [])
    assert.equal(service?.taskDefinition, undefined)

    const blue = (await ecs().send(new CreateTaskSetCommand({
      cluster: c.name, service: 'ts-ext', taskDefinition: 'ts-web:1', externalId: 'blue-1', scale: { value: 100, unit: 'PERCENT' }, tags: [{ key: 'color', value: 'blue' }],
    }))).taskSet!
    assert.match(blue.id!, /^ecs-svc\/\d{19}$/)
    assert.equal(blue.taskSetArn, `arn:aws:ecs:us-east-1:000000000000:task-set/${c.name}/ts-ext/${blue.id}`)
    assert.equal(blue.serviceArn, service?.serviceArn)
    assert.equal(blue.status, 'ACTIVE')
    assert.equal(blue.externalId, 'blue-1')
    assert.equal(blue.launchType, 'EC2')
    assert.equal(blue.computedDesiredCount, 4)
    assert.equal(blue.stabilityStatus, 'STABILIZING')
    assert.deepEqual(blue.scale, { value: 100, unit: 'PERCENT' })
    assert.deepEqual(blue.tags, [{ key: 'color', value: 'blue' }])

    const primary = (await ecs().send(new UpdateServicePrimaryTaskSetCommand({ cluster: c.name, service: 'ts-ext', primaryTaskSet: blue.taskSetArn! }))).taskSet!
    assert.equal(primary.status, 'PRIMARY')
    await settled(blue.id!, 4)
    const blueTasks = await liveTasks(blue.id!)
    assert.equal(blueTasks.length, 4)
    assert.ok(blueTasks.every((t) => t.taskDefinitionArn!.endsWith('task-definition/ts-web:1') && t.startedBy === blue.id && t.group === 'service:ts-ext'))

    // The service shows the PRIMARY task set's task definition and sums its task sets' counts.
    const described = (await ecs().send(new DescribeServicesCommand({ cluster: c.name, services: ['ts-ext'] }))).services![0]!
    assert.equal(described.taskDefinition, blue.taskDefinition)
    assert.equal(described.runningCount, 4)
    assert.deepEqual(described.taskSets!.map((t) => [t.id, t.status]), [[blue.id, 'PRIMARY']])

    // Green at 50 %: ceil(4 × 0.5) = 2 tasks of revision 2, beside blue.
    const green = (await ecs().send(new CreateTaskSetCommand({ cluster: c.name, service: 'ts-ext', taskDefinition: 'ts-web:2', scale: { value: 50, unit: 'PERCENT' } }))).taskSet!
    assert.equal(green.computedDesiredCount, 2)
    await settled(green.id!, 2)
    assert.ok((await liveTasks(green.id!)).every((t) => t.taskDefinitionArn!.endsWith('task-definition/ts-web:2')))

    // desiredCount 3 rescales both: blue ceil(3 × 100 %) = 3, green ceil(3 × 50 %) = 2.
    await ecs().send(new UpdateServiceCommand({ cluster: c.name, service: 'ts-ext', desiredCount: 3 }))
    assert.equal((await taskSet(blue.id!)).computedDesiredCount, 3)
    await settled(blue.id!, 3)
    await settled(green.id!, 2)

    // Green takes over: primary, 100 %; blue to 0.
    await ecs().send(new UpdateServicePrimaryTaskSetCommand({ cluster: c.name, service: 'ts-ext', primaryTaskSet: green.id! }))
    await ecs().send(new UpdateTaskSetCommand({ cluster: c.name, service: 'ts-ext', taskSet: green.id!, scale: { value: 100, unit: 'PERCENT' } }))
    await ecs().send(new UpdateTaskSetCommand({ cluster: c.name, service: 'ts-ext', taskSet: blue.id!, scale: { value: 0, unit: 'PERCENT' } }))
    await settled(green.id!, 3)
    await settled(blue.id!, 0)
    const swapped = (await ecs().send(new DescribeServicesCommand({ cluster: c.name, services: ['ts-ext'] }))).services![0]!
    assert.equal(swapped.taskDefinition, green.taskDefinition)
    assert.deepEqual(swapped.taskSets!.map((t) => [t.id, t.status]), [[green.id, 'PRIMARY'], [blue.id, 'ACTIVE']])

    // Deleting green while it runs needs force; then it answers DRAINING and its tasks stop.
    await rejects(ecs().send(new DeleteTaskSetCommand({ cluster: c.name, service: 'ts-ext', taskSet: green.id! })), 'InvalidParameterException', /scaled above 0/)
    const deleted = (await ecs().send(new DeleteTaskSetCommand({ cluster: c.name, service: 'ts-ext', taskSet: green.taskSetArn!, force: true }))).taskSet!
    assert.equal(deleted.status, 'DRAINING')
    assert.equal(deleted.computedDesiredCount, 0)
    await rejects(ecs().send(new UpdateTaskSetCommand({ cluster: c.name, service: 'ts-ext', taskSet: green.id!, scale: { value: 10, unit: 'PERCENT' } })), 'InvalidParameterException', /is DRAINING/)
    await waitFor('green’s tasks stopped', () => liveTasks(green.id!), (ts) => ts.length === 0, { timeoutMs: 15_000, intervalMs: 20 })
    // Once its last task is gone, the DRAINING task set leaves the service.
    const after = await waitFor(
      'green gone',
      () => ecs().send(new DescribeTaskSetsCommand({ cluster: c.name, service: 'ts-ext', taskSets: [green.id!, blue.id!] })),
      (r) => (r.failures ?? []).length === 1,
      { timeoutMs: 15_000, intervalMs: 20 },
    )
    assert.deepEqual(after.failures, [{ arn: green.id, reason: 'MISSING' }])
    assert.deepEqual(after.taskSets!.map((t) => t.id), [blue.id])
    // Blue was scaled to 0 with no task: it goes without force.
    assert.equal((await ecs().send(new DeleteTaskSetCommand({ cluster: c.name, service: 'ts-ext', taskSet: blue.id! }))).taskSet!.status, 'DRAINING')
    const empty = await waitFor(
      'no task set',
      async () => (await ecs().send(new DescribeServicesCommand({ cluster: c.name, services: ['ts-ext'] }))).services![0]!,
      (s) => s.taskSets!.length === 0,
      { timeoutMs: 15_000, intervalMs: 20 },
    )
    assert.equal(empty.taskDefinition, undefined)
  })

  it('answers ECS’s errors, in ECS’s order, and changes nothing', async () => {
    await ecs().send(new CreateServiceCommand({ cluster: c.name, serviceName: 'ts-ecs', taskDefinition: 'ts-plain', desiredCount: 0 }))
    await ecs().send(new CreateServiceCommand({ cluster: c.name, serviceName: 'ts-ext2', desiredCount: 1, deploymentController: { type: 'EXTERNAL' } }))
    const create = (over: Record<string, unknown>) => ecs().send(new CreateTaskSetCommand({ cluster: c.name, service: 'ts-ext2', taskDefinition: 'ts-web:1', ...over }))
    await rejects(create({ cluster: 'ts-nowhere' }), 'ClusterNotFoundException', 'Cluster not found.')
    await rejects(create({ service: 'ts-none' }), 'ServiceNotFoundException', 'Service not found.')
    await rejects(create({ service: 'ts-ecs' }), 'InvalidParameterException', 'Amazon ECS only supports task set management on services configured to use external deployment controllers.')
    await rejects(create({ scale: { value: 150, unit: 'PERCENT' } }), 'InvalidParameterException', /^scale\.value must be between 0 and 100/)
    await rejects(create({ launchType: 'EXTERNAL' }), 'InvalidParameterException', /launchType=EXTERNAL/)
    await rejects(create({ launchType: 'FARGATE' }), 'InvalidParameterException', 'Task definition does not support launch_type FARGATE.')
    await rejects(create({ launchType: 'EC2', capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }] }), 'InvalidParameterException', /^Specifying both a launch type and capacity provider strategy is not supported/)
    const tg = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/x/1'
    await rejects(create({ loadBalancers: [{ targetGroupArn: tg, containerName: 'app', containerPort: 80 }] }), 'InvalidParameterException', /^Unable to validate the specified targetGroupArn/)
    await rejects(create({ loadBalancers: [{ targetGroupArn: tg, containerName: 'app', containerPort: 80 }, { targetGroupArn: tg, containerName: 'app', containerPort: 80 }] }), 'InvalidParameterException', /a task set can have only one load balancer target group/)
    await rejects(create({ loadBalancers: [{ targetGroupArn: tg, containerName: 'nope', containerPort: 80 }] }), 'InvalidParameterException', 'The container nope does not exist in the task definition.')
    await rejects(create({ serviceRegistries: [{ registryArn: 'arn:aws:servicediscovery:us-east-1:000000000000:service/srv-1' }] }), 'InvalidParameterException', /serviceRegistries/)
    await rejects(
      ecs().send(new UpdateTaskSetCommand({ cluster: c.name, service: 'ts-ext2', taskSet: 'ecs-svc/1234567890123456789', scale: { value: 10, unit: 'PERCENT' } })),
      'TaskSetNotFoundException',
      /^The specified task set wasn't found/,
    )
    // The service's own members that belong to task sets are refused by name.
    await rejects(ecs().send(new UpdateServiceCommand({ cluster: c.name, service: 'ts-ext2', taskDefinition: 'ts-web:1' })), 'InvalidParameterException', /^taskDefinition cannot be updated on a service with the EXTERNAL deployment controller/)
    await rejects(ecs().send(new CreateServiceCommand({ cluster: c.name, serviceName: 'ts-ext3', desiredCount: 1, taskDefinition: 'ts-web:1', deploymentController: { type: 'EXTERNAL' } })), 'InvalidParameterException', /^taskDefinition is given on task sets/)
    await rejects(ecs().send(new CreateServiceCommand({ cluster: c.name, serviceName: 'ts-ext3', desiredCount: 1, launchType: 'FARGATE', deploymentController: { type: 'EXTERNAL' } })), 'InvalidParameterException', /^launchType is given on task sets/)
    assert.deepEqual((await ecs().send(new DescribeTaskSetsCommand({ cluster: c.name, service: 'ts-ext2' }))).taskSets, [])
    // The same clientToken answers the same task set.
    const first = (await create({ clientToken: 'ts-token-1' })).taskSet!
    const again = (await create({ clientToken: 'ts-token-1' })).taskSet!
    assert.equal(again.id, first.id)
    // Six task sets are one too many (ECS's limit of 5 and its text).
    for (let i = 0; i < 4; i++) await create({ scale: { value: 0, unit: 'PERCENT' } })
    await rejects(create({}), 'InvalidParameterException', '5 deployments exist on the service. Unable to create new TaskSet since this exceeds the maximum limit.')

    // Deleting the service stops its task sets' tasks, and it goes INACTIVE once they are gone.
    await settled(first.id!, 1, 'ts-ext2')
    const deleting = (await ecs().send(new DeleteServiceCommand({ cluster: c.name, service: 'ts-ext2', force: true }))).service!
    assert.equal(deleting.status, 'DRAINING')
    const describe = async () => (await ecs().send(new DescribeServicesCommand({ cluster: c.name, services: ['ts-ext2'] }))).services![0]!
    await waitFor('ts-ext2 INACTIVE', describe, (s) => s.status === 'INACTIVE', { timeoutMs: 15_000, intervalMs: 20 })
    assert.deepEqual(await liveTasks(first.id!), [])
    await rejects(create({}), 'ServiceNotActiveException', 'Service was not ACTIVE.')
  })

  it('runs task sets on Fargate and by a capacity provider strategy, registering their tasks’ addresses in an ip target group', async () => {
    const NET = { awsvpcConfiguration: { subnets: ['subnet-12345678'], securityGroups: ['sg-12345678'], assignPublicIp: 'DISABLED' as const } }
    const TG = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/ts-fg-ip/1'
    await seedTargetGroup(c.server.store, TG, 'ip')
    await ecs().send(new CreateServiceCommand({ cluster: c.name, serviceName: 'ts-fg-svc', desiredCount: 8, deploymentController: { type: 'EXTERNAL' } }))
    const create = (over: Record<string, unknown>) => ecs().send(new CreateTaskSetCommand({ cluster: c.name, service: 'ts-fg-svc', taskDefinition: 'ts-fg', ...over }))
    // Fargate's checks, with ECS's texts.
    await rejects(create({ launchType: 'FARGATE' }), 'InvalidParameterException', "Network Configuration must be provided when networkMode 'awsvpc' is specified.")
    await rejects(create({ launchType: 'FARGATE', networkConfiguration: NET, platformVersion: '9.9.9' }), 'PlatformUnknownException', /platform/i)
    await rejects(create({ launchType: 'EC2', networkConfiguration: NET, platformVersion: 'LATEST' }), 'InvalidParameterException', /platform/i)
    await rejects(create({ capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }], networkConfiguration: NET }), 'InvalidParameterException', /^The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster/)
    // An instance target group does not take awsvpc tasks.
    const TG_INSTANCE = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/ts-fg-inst/1'
    await seedTargetGroup(c.server.store, TG_INSTANCE, 'instance')
    await rejects(
      create({ launchType: 'FARGATE', networkConfiguration: NET, loadBalancers: [{ targetGroupArn: TG_INSTANCE, containerName: 'app', containerPort: 80 }] }),
      'InvalidParameterException',
      /has target type instance, which is incompatible with the awsvpc network mode/,
    )

    const fg = (await create({ launchType: 'FARGATE', networkConfiguration: NET, scale: { value: 25, unit: 'PERCENT' }, loadBalancers: [{ targetGroupArn: TG, containerName: 'app', containerPort: 80 }] })).taskSet!
    assert.equal(fg.launchType, 'FARGATE')
    assert.equal(fg.platformVersion, '1.4.0')
    assert.equal(fg.platformFamily, 'Linux')
    assert.deepEqual(fg.networkConfiguration, NET)
    assert.equal(fg.computedDesiredCount, 2)
    await ecs().send(new UpdateServicePrimaryTaskSetCommand({ cluster: c.name, service: 'ts-fg-svc', primaryTaskSet: fg.id! }))
    const svc = (await ecs().send(new DescribeServicesCommand({ cluster: c.name, services: ['ts-fg-svc'] }))).services![0]!
    assert.deepEqual([svc.launchType, svc.platformVersion, svc.loadBalancers?.[0]?.targetGroupArn], ['FARGATE', 'LATEST', TG])
    const fgTasks = await waitFor('2 Fargate tasks running with addresses', () => liveTasks(fg.id!), (ts) => ts.length === 2 && ts.every((t) => t.lastStatus === 'RUNNING' && addressOf(t) !== undefined), { timeoutMs: 15_000, intervalMs: 20 })
    assert.ok(fgTasks.every((t) => t.launchType === 'FARGATE' && t.platformVersion === '1.4.0' && t.containerInstanceArn === undefined), JSON.stringify(fgTasks.map((t) => [t.launchType, t.platformVersion])))
    // Each task's own address and the container port are its target (ip target group).
    const want = fgTasks.map((t) => `${addressOf(t)}:80`).sort()
    const registered = await waitFor(
      'their addresses registered',
      () => c.server.store.read(async (tx) => (await tx.targets.forTargetGroup(TG)).map((t) => `${t.id}:${t.port}`).sort()),
      (ids) => ids.length === 2,
      { timeoutMs: 15_000, intervalMs: 20 },
    )
    assert.deepEqual(registered, want)

    // A strategy of FARGATE base 1 weight 1, FARGATE_SPOT weight 3: 8 tasks in that split.
    await ecs().send(new PutClusterCapacityProvidersCommand({ cluster: c.name, capacityProviders: ['FARGATE', 'FARGATE_SPOT'], defaultCapacityProviderStrategy: [] }))
    const split = (await create({ networkConfiguration: NET, capacityProviderStrategy: [{ capacityProvider: 'FARGATE', base: 1, weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3 }] })).taskSet!
    assert.equal(split.launchType, undefined)
    assert.deepEqual(split.capacityProviderStrategy, [{ capacityProvider: 'FARGATE', base: 1, weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3 }])
    assert.equal(split.platformVersion, '1.4.0')
    const splitTasks = await waitFor('8 tasks by the strategy', () => liveTasks(split.id!), (ts) => ts.length === 8 && ts.every((t) => t.lastStatus === 'RUNNING'), { timeoutMs: 15_000, intervalMs: 20 })
    const by = (name: string) => splitTasks.filter((t) => t.capacityProviderName === name).length
    assert.deepEqual([by('FARGATE'), by('FARGATE_SPOT')], [3, 5])
    await settled(split.id!, 8, 'ts-fg-svc')
  })
})
