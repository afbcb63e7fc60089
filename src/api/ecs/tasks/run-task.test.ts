import {
  CreateClusterCommand,
  DeregisterTaskDefinitionCommand,
  DescribeContainerInstancesCommand,
  ListTagsForResourceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StartTaskCommand,
  UpdateContainerInstancesStateCommand,
  type ContainerDefinition,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import { instanceIdOf, registerInstance } from '../../../testing/container-instances.js'
import { startTestServer, type TestServer } from '../../../testing/server.js'

/** Marks an instance's agent connected, as the agent channel does on hello. */
async function connect(t: TestServer, arn: string) {
  await t.store.txn(async (tx) => {
    const ci = (await tx.containerInstances.get(arn))!
    await tx.containerInstances.put({ ...ci, agentConnected: true })
  })
}

const web: ContainerDefinition = { name: 'web', image: 'berth-test/web', memory: 1024, cpu: 512, portMappings: [{ containerPort: 5000, hostPort: 8080 }] }

describe('RunTask and StartTask', () => {
  let t: TestServer
  let cluster = 0
  let name: string
  let instances: string[]

  before(async () => {
    t = await startTestServer()
  })
  after(() => t.close())

  beforeEach(async () => {
    name = `c${++cluster}`
    await t.ecs.send(new CreateClusterCommand({ clusterName: name }))
    instances = []
    for (const zone of ['us-east-1a', 'us-east-1b']) {
      const arn = await registerInstance(t.ecs, { cluster: name, attributes: [{ name: 'ecs.availability-zone', value: zone }] })
      await connect(t, arn)
      instances.push(arn)
    }
    await t.ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [web] }))
    await t.ecs.send(new RegisterTaskDefinitionCommand({ family: 'dyn', containerDefinitions: [{ ...web, portMappings: [{ containerPort: 5000 }] }] }))
  })

  it('places tasks PROVISIONING with desired RUNNING, and takes their resources from the instance', async () => {
    const res = await t.ecs.send(new RunTaskCommand({ cluster: name, taskDefinition: 'web', startedBy: 'me', tags: [{ key: 'k', value: 'v' }] }))
    assert.equal(res.tasks?.length, 1)
    assert.deepEqual(res.failures, [])
    const task = res.tasks![0]!
    assert.equal(task.lastStatus, 'PROVISIONING')
    assert.equal(task.desiredStatus, 'RUNNING')
    assert.equal(task.group, 'family:web')
    assert.equal(task.startedBy, 'me')
    assert.equal(task.launchType, 'EC2')
    assert.match(task.taskArn!, new RegExp(`:task/${name}/[0-9a-f]{32}$`))
    assert.equal(task.containers?.[0]?.lastStatus, 'PENDING')
    assert.deepEqual(task.tags, [{ key: 'k', value: 'v' }])
    const { containerInstances } = await t.ecs.send(new DescribeContainerInstancesCommand({ cluster: name, containerInstances: [task.containerInstanceArn!] }))
    const remaining = containerInstances![0]!.remainingResources!
    assert.equal(remaining.find((r) => r.name === 'CPU')?.integerValue, 2048 - 512)
    assert.equal(remaining.find((r) => r.name === 'MEMORY')?.integerValue, 3955 - 1024)
    assert.ok(remaining.find((r) => r.name === 'PORTS')?.stringSetValue?.includes('8080'))
    assert.equal(containerInstances![0]!.pendingTasksCount, 1)
  })

  it('spreads over availability zones, then reports what does not fit in failures', async () => {
    const res = await t.ecs.send(
      new RunTaskCommand({ cluster: name, taskDefinition: 'web', count: 3, placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }] }),
    )
    assert.equal(res.tasks?.length, 2, 'static port 8080 fits once per instance')
    assert.deepEqual(new Set(res.tasks?.map((x) => x.availabilityZone)), new Set(['us-east-1a', 'us-east-1b']))
    assert.deepEqual(new Set(res.failures?.map((f) => f.reason)), new Set(['RESOURCE:PORTS']))
    assert.deepEqual(new Set(res.failures?.map((f) => f.arn)), new Set(instances))
  })

  it('places dynamic-port tasks until memory runs out, binpacking one instance first', async () => {
    const res = await t.ecs.send(new RunTaskCommand({ cluster: name, taskDefinition: 'dyn', count: 10, placementStrategy: [{ type: 'binpack', field: 'memory' }] }))
    assert.equal(res.tasks?.length, 6, '3 × 1024 MiB fit in 3955 MiB, on each of two instances')
    const first = res.tasks![0]!.containerInstanceArn
    assert.ok(res.tasks!.slice(0, 3).every((x) => x.containerInstanceArn === first), 'binpack fills one instance before the next')
    assert.ok(res.failures?.every((f) => f.reason === 'RESOURCE:MEMORY'))
  })

  it('honours distinctInstance and memberOf', async () => {
    const distinct = await t.ecs.send(new RunTaskCommand({ cluster: name, taskDefinition: 'dyn', count: 3, placementConstraints: [{ type: 'distinctInstance' }] }))
    assert.equal(distinct.tasks?.length, 2)
    assert.notEqual(distinct.tasks?.[0]?.containerInstanceArn, distinct.tasks?.[1]?.containerInstanceArn)
    const member = await t.ecs.send(
      new RunTaskCommand({ cluster: name, taskDefinition: 'dyn', placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.availability-zone == us-east-1b' }] }),
    )
    assert.equal(member.tasks?.[0]?.availabilityZone, 'us-east-1b')
    await assert.rejects(
      t.ecs.send(new RunTaskCommand({ cluster: name, taskDefinition: 'dyn', placementConstraints: [{ type: 'memberOf', expression: 'attribute:x ==' }] })),
      { name: 'InvalidParameterException' },
    )
  })

  it('never places on a DRAINING instance', async () => {
    await t.ecs.send(new UpdateContainerInstancesStateCommand({ cluster: name, containerInstances: [instances[0]!], status: 'DRAINING' }))
    const res = await t.ecs.send(new RunTaskCommand({ cluster: name, taskDefinition: 'dyn', count: 2 }))
    assert.ok(res.tasks?.every((x) => x.containerInstanceArn === instances[1]))
  })

  it('starts a task on the instances named, and checks each for room', async () => {
    const res = await t.ecs.send(new StartTaskCommand({ cluster: name, taskDefinition: 'web', containerInstances: [instanceIdOf(instances[0]!), 'f'.repeat(32)] }))
    assert.equal(res.tasks?.[0]?.containerInstanceArn, instances[0])
    assert.equal(res.failures?.[0]?.reason, 'MISSING')
    const again = await t.ecs.send(new StartTaskCommand({ cluster: name, taskDefinition: 'web', containerInstances: [instances[0]!] }))
    assert.deepEqual(again.tasks, [])
    assert.equal(again.failures?.[0]?.reason, 'RESOURCE:PORTS')
  })

  it('refuses bad requests and stores nothing', async () => {
    const cases: [string, ConstructorParameters<typeof RunTaskCommand>[0], string][] = [
      ['count above 10', { cluster: name, taskDefinition: 'dyn', count: 11 }, 'InvalidParameterException'],
      ['an unknown task definition', { cluster: name, taskDefinition: 'nope' }, 'ClientException'],
      ['an unknown cluster', { cluster: 'nope', taskDefinition: 'dyn' }, 'ClusterNotFoundException'],
      ['an override for a container that does not exist', { cluster: name, taskDefinition: 'dyn', overrides: { containerOverrides: [{ name: 'ghost' }] } }, 'InvalidParameterException'],
      ['startedBy over 36 characters', { cluster: name, taskDefinition: 'dyn', startedBy: 'x'.repeat(37) }, 'InvalidParameterException'],
      ['a binpack field that is not cpu or memory', { cluster: name, taskDefinition: 'dyn', placementStrategy: [{ type: 'binpack', field: 'disk' }] }, 'InvalidParameterException'],
      ['FARGATE for a task definition that is not Fargate-compatible', { cluster: name, taskDefinition: 'dyn', launchType: 'FARGATE' }, 'InvalidParameterException'],
      ['the EXTERNAL launch type', { cluster: name, taskDefinition: 'dyn', launchType: 'EXTERNAL' }, 'InvalidParameterException'],
      ['a platform version with EC2', { cluster: name, taskDefinition: 'dyn', platformVersion: 'LATEST' }, 'InvalidParameterException'],
    ]
    const before = t.store.index()
    for (const [why, input, code] of cases) await assert.rejects(t.ecs.send(new RunTaskCommand(input)), { name: code }, why)
    assert.equal(t.store.index(), before, 'no refused request committed anything')
  })

  it('refuses an INACTIVE revision and an empty cluster', async () => {
    await t.ecs.send(new RegisterTaskDefinitionCommand({ family: 'old', containerDefinitions: [web] }))
    const arn = (await t.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'old:1' }))).taskDefinition!.taskDefinitionArn
    await assert.rejects(t.ecs.send(new RunTaskCommand({ cluster: name, taskDefinition: arn })), { name: 'ClientException' })
    await t.ecs.send(new CreateClusterCommand({ clusterName: `${name}-empty` }))
    await assert.rejects(t.ecs.send(new RunTaskCommand({ cluster: `${name}-empty`, taskDefinition: 'dyn' })), {
      name: 'InvalidParameterException',
      message: 'No Container Instances were found in your cluster.',
    })
  })

  it('propagates the task definition’s tags when asked', async () => {
    await t.ecs.send(new RegisterTaskDefinitionCommand({ family: 'tagged', containerDefinitions: [web], tags: [{ key: 'team', value: 'a' }, { key: 'env', value: 'dev' }] }))
    const res = await t.ecs.send(new RunTaskCommand({ cluster: name, taskDefinition: 'tagged', propagateTags: 'TASK_DEFINITION', tags: [{ key: 'env', value: 'prod' }] }))
    const { tags } = await t.ecs.send(new ListTagsForResourceCommand({ resourceArn: res.tasks![0]!.taskArn! }))
    assert.deepEqual(tags, [{ key: 'team', value: 'a' }, { key: 'env', value: 'prod' }])
  })

  it('adds ECS managed tags naming the cluster when enableECSManagedTags is set', async () => {
    const res = await t.ecs.send(new RunTaskCommand({ cluster: name, taskDefinition: 'dyn', enableECSManagedTags: true, tags: [{ key: 'k', value: 'v' }] }))
    const want = [{ key: 'k', value: 'v' }, { key: 'aws:ecs:clusterName', value: name }]
    assert.deepEqual(res.tasks![0]!.tags, want)
    const { tags } = await t.ecs.send(new ListTagsForResourceCommand({ resourceArn: res.tasks![0]!.taskArn! }))
    assert.deepEqual(tags, want)
  })
})
