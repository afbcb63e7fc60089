import {
  CreateCapacityProviderCommand,
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteCapacityProviderCommand,
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  PutClusterCapacityProvidersCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  UpdateCapacityProviderCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { AUTO_SCALING_GROUP_ATTRIBUTE } from '../../../core/model/capacity-provider.js'
import { assignCapacityProviders } from '../../../core/model/capacity-provider-strategy.js'
import { registerInstance } from '../../../testing/container-instances.js'
import { startTestServer, type TestServer } from '../../../testing/server.js'
import { waitFor } from '../../../testing/wait.js'

/** An Auto Scaling group's ARN as AWS forms it, with a uuid made from the name. */
const groupArn = (name: string) => {
  const h = createHash('md5').update(name).digest('hex')
  const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
  return `arn:aws:autoscaling:us-east-1:000000000000:autoScalingGroup:${uuid}:autoScalingGroupName/${name}`
}

/** What an SDK call threw: its error name and message. */
async function failure(call: () => Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await call()
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message }
  }
  throw new Error('the call succeeded')
}

/** Registers `count` connected instances in an Auto Scaling group; returns their ARNs. */
async function groupInstances(t: TestServer, cluster: string, group: string, count: number): Promise<string[]> {
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const arn = await registerInstance(t.ecs, { cluster, attributes: [{ name: AUTO_SCALING_GROUP_ATTRIBUTE, value: group }] })
    await t.store.txn(async (tx) => void tx.containerInstances.put({ ...(await tx.containerInstances.get(arn))!, agentConnected: true }))
    out.push(arn)
  }
  return out
}

describe('capacity providers through the JS SDK', () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
    await t.ecs.send(new RegisterTaskDefinitionCommand({ family: 'cp-small', containerDefinitions: [{ name: 'app', image: 'berth-test/web', cpu: 128, memory: 128 }] }))
  })
  after(() => t.close())

  it('creates a provider with ECS defaults echoed, describes it with tags and pages through FARGATE, FARGATE_SPOT and it', async () => {
    const created = await t.ecs.send(
      new CreateCapacityProviderCommand({
        name: 'cp-one',
        autoScalingGroupProvider: { autoScalingGroupArn: groupArn('cp-one-asg'), managedScaling: { status: 'ENABLED', targetCapacity: 90 } },
        tags: [{ key: 'team', value: 'a' }],
      }),
    )
    assert.deepEqual(created.capacityProvider, {
      capacityProviderArn: 'arn:aws:ecs:us-east-1:000000000000:capacity-provider/cp-one',
      name: 'cp-one',
      status: 'ACTIVE',
      autoScalingGroupProvider: {
        autoScalingGroupArn: groupArn('cp-one-asg'),
        managedScaling: { status: 'ENABLED', targetCapacity: 90, minimumScalingStepSize: 1, maximumScalingStepSize: 10000, instanceWarmupPeriod: 300 },
        managedTerminationProtection: 'DISABLED',
        managedDraining: 'ENABLED',
      },
      tags: [{ key: 'team', value: 'a' }],
      type: 'EC2_AUTOSCALING',
    })
    const plain = await t.ecs.send(new DescribeCapacityProvidersCommand({ capacityProviders: ['cp-one', 'cp-nope'] }))
    assert.equal(plain.capacityProviders?.[0]?.tags, undefined)
    assert.deepEqual(plain.failures, [{ arn: 'arn:aws:ecs:us-east-1:000000000000:capacity-provider/cp-nope', reason: 'MISSING' }])
    const tagged = await t.ecs.send(new DescribeCapacityProvidersCommand({ capacityProviders: [created.capacityProvider!.capacityProviderArn!], include: ['TAGS'] }))
    assert.deepEqual(tagged.capacityProviders?.[0]?.tags, [{ key: 'team', value: 'a' }])

    const names: string[] = []
    let nextToken: string | undefined
    do {
      const page = await t.ecs.send(new DescribeCapacityProvidersCommand({ maxResults: 1, ...(nextToken ? { nextToken } : {}) }))
      assert.ok((page.capacityProviders?.length ?? 0) <= 1)
      names.push(...page.capacityProviders!.map((p) => p.name!))
      nextToken = page.nextToken
    } while (nextToken)
    assert.deepEqual(names.slice(0, 2), ['FARGATE', 'FARGATE_SPOT'])
    assert.ok(names.includes('cp-one'))
  })

  it('refuses what ECS refuses, and changes nothing', async () => {
    const asg = { autoScalingGroupArn: groupArn('cp-two-asg') }
    for (const name of ['aws-x', 'ECSx', 'fargate', 'FARGATE_SPOT']) {
      const e = await failure(() => t.ecs.send(new CreateCapacityProviderCommand({ name, autoScalingGroupProvider: asg })))
      assert.equal(e.name, 'ClientException')
      assert.match(e.message, /cannot be prefixed with "aws", "ecs", or "fargate"/)
    }
    await t.ecs.send(new CreateCapacityProviderCommand({ name: 'cp-two', autoScalingGroupProvider: asg }))
    assert.match((await failure(() => t.ecs.send(new CreateCapacityProviderCommand({ name: 'cp-two', autoScalingGroupProvider: { autoScalingGroupArn: groupArn('cp-x') } })))).message, /already exists/)
    assert.match((await failure(() => t.ecs.send(new CreateCapacityProviderCommand({ name: 'cp-two-b', autoScalingGroupProvider: asg })))).message, /already being used by another capacity provider/)
    const protection = await failure(() => t.ecs.send(new CreateCapacityProviderCommand({ name: 'cp-two-c', autoScalingGroupProvider: { autoScalingGroupArn: groupArn('cp-y'), managedTerminationProtection: 'ENABLED' } })))
    assert.equal(protection.name, 'InvalidParameterException')
    const gone = await t.ecs.send(new DescribeCapacityProvidersCommand({ capacityProviders: ['cp-two-b', 'cp-two-c'] }))
    assert.equal(gone.failures?.length, 2)
    assert.equal((await failure(() => t.ecs.send(new UpdateCapacityProviderCommand({ name: 'cp-none', autoScalingGroupProvider: {} })))).name, 'ClientException')
  })

  it('updates a provider, keeping what the request leaves out', async () => {
    const res = await t.ecs.send(new UpdateCapacityProviderCommand({ name: 'cp-one', autoScalingGroupProvider: { managedScaling: { maximumScalingStepSize: 2 }, managedTerminationProtection: 'ENABLED' } }))
    assert.equal(res.capacityProvider?.updateStatus, 'UPDATE_COMPLETE')
    assert.deepEqual(res.capacityProvider?.autoScalingGroupProvider?.managedScaling, {
      status: 'ENABLED', targetCapacity: 90, minimumScalingStepSize: 1, maximumScalingStepSize: 2, instanceWarmupPeriod: 300,
    })
    assert.equal(res.capacityProvider?.autoScalingGroupProvider?.managedTerminationProtection, 'ENABLED')
  })

  it('associates providers with a cluster, and will not delete one a cluster lists', async () => {
    await t.ecs.send(new CreateClusterCommand({ clusterName: 'cp-assoc' }))
    const unknown = await failure(() => t.ecs.send(new PutClusterCapacityProvidersCommand({ cluster: 'cp-assoc', capacityProviders: ['cp-zzz'], defaultCapacityProviderStrategy: [] })))
    assert.equal(unknown.name, 'InvalidParameterException')
    const outside = await failure(() => t.ecs.send(new PutClusterCapacityProvidersCommand({ cluster: 'cp-assoc', capacityProviders: ['cp-two'], defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }] })))
    assert.match(outside.message, /not associated with the cluster/)
    const put = await t.ecs.send(
      new PutClusterCapacityProvidersCommand({ cluster: 'cp-assoc', capacityProviders: ['cp-two', 'FARGATE', 'FARGATE_SPOT'], defaultCapacityProviderStrategy: [{ capacityProvider: 'cp-two', weight: 1 }] }),
    )
    assert.deepEqual(put.cluster?.capacityProviders, ['cp-two', 'FARGATE', 'FARGATE_SPOT'])
    const described = await t.ecs.send(new DescribeClustersCommand({ clusters: ['cp-assoc'] }))
    assert.deepEqual(described.clusters?.[0]?.defaultCapacityProviderStrategy, [{ capacityProvider: 'cp-two', weight: 1 }])

    const failed = await t.ecs.send(new DeleteCapacityProviderCommand({ capacityProvider: 'cp-two' }))
    assert.equal(failed.capacityProvider?.status, 'ACTIVE')
    assert.equal(failed.capacityProvider?.updateStatus, 'DELETE_FAILED')
    assert.match(failed.capacityProvider?.updateStatusReason ?? '', /associated with cluster: cp-assoc/)

    await t.ecs.send(new PutClusterCapacityProvidersCommand({ cluster: 'cp-assoc', capacityProviders: [], defaultCapacityProviderStrategy: [] }))
    const deleted = await t.ecs.send(new DeleteCapacityProviderCommand({ capacityProvider: 'arn:aws:ecs:us-east-1:000000000000:capacity-provider/cp-two' }))
    assert.equal(deleted.capacityProvider?.status, 'INACTIVE')
    assert.equal(deleted.capacityProvider?.updateStatus, 'DELETE_COMPLETE')
    const inactive = await t.ecs.send(new DescribeCapacityProvidersCommand({ capacityProviders: ['cp-two'] }))
    assert.equal(inactive.capacityProviders?.[0]?.status, 'INACTIVE')
  })

  it('CreateCluster checks its providers and default strategy the same way', async () => {
    const e = await failure(() => t.ecs.send(new CreateClusterCommand({ clusterName: 'cp-bad', capacityProviders: ['FARGATE'], defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', base: 1, weight: 1 }, { capacityProvider: 'cp-one', weight: 1 }] })))
    assert.match(e.message, /not associated with the cluster/)
    const none = await t.ecs.send(new DescribeClustersCommand({ clusters: ['cp-bad'] }))
    assert.equal(none.failures?.[0]?.reason, 'MISSING')
  })

  describe('RunTask and services by strategy', () => {
    let a: string[]
    let b: string[]
    before(async () => {
      await t.ecs.send(new CreateClusterCommand({ clusterName: 'cp-split' }))
      for (const name of ['cp-a', 'cp-b']) {
        await t.ecs.send(new CreateCapacityProviderCommand({ name, autoScalingGroupProvider: { autoScalingGroupArn: groupArn(`${name}-asg`) } }))
      }
      await t.ecs.send(new PutClusterCapacityProvidersCommand({ cluster: 'cp-split', capacityProviders: ['cp-a', 'cp-b', 'FARGATE'], defaultCapacityProviderStrategy: [] }))
      a = await groupInstances(t, 'cp-split', 'cp-a-asg', 2)
      b = await groupInstances(t, 'cp-split', 'cp-b-asg', 2)
      await groupInstances(t, 'cp-split', 'cp-other-asg', 1)
    })

    it('splits 8 tasks over two Auto Scaling group providers by base and weight, each on its own group', async () => {
      const strategy = [{ capacityProvider: 'cp-a', base: 1, weight: 1 }, { capacityProvider: 'cp-b', weight: 3 }]
      const res = await t.ecs.send(new RunTaskCommand({ cluster: 'cp-split', taskDefinition: 'cp-small', count: 8, capacityProviderStrategy: strategy }))
      assert.deepEqual(res.failures, [])
      const want = assignCapacityProviders(strategy.map((i) => ({ capacityProvider: i.capacityProvider, weight: i.weight, base: i.base ?? 0 })), new Map(), 8)
      const count = (names: readonly (string | undefined)[], n: string) => names.filter((x) => x === n).length
      const got = res.tasks!.map((task) => task.capacityProviderName)
      assert.deepEqual([count(got, 'cp-a'), count(got, 'cp-b')], [count(want, 'cp-a'), count(want, 'cp-b')])
      assert.deepEqual([count(got, 'cp-a'), count(got, 'cp-b')], [3, 5])
      for (const task of res.tasks!) {
        assert.equal(task.launchType, 'EC2')
        assert.ok((task.capacityProviderName === 'cp-a' ? a : b).includes(task.containerInstanceArn!), 'a task runs on its provider group')
      }
      const described = await t.ecs.send(new DescribeTasksCommand({ cluster: 'cp-split', tasks: [res.tasks![0]!.taskArn!] }))
      assert.equal(described.tasks?.[0]?.capacityProviderName, res.tasks![0]!.capacityProviderName)
      const instances = await t.ecs.send(new DescribeContainerInstancesCommand({ cluster: 'cp-split', containerInstances: [a[0]!, b[0]!] }))
      assert.deepEqual(instances.containerInstances?.map((i) => i.capacityProviderName), ['cp-a', 'cp-b'])

      const inUse = await failure(() => t.ecs.send(new PutClusterCapacityProvidersCommand({ cluster: 'cp-split', capacityProviders: ['cp-b'], defaultCapacityProviderStrategy: [] })))
      assert.equal(inUse.name, 'ResourceInUseException')
      assert.equal(inUse.message, 'The specified capacity provider is in use and cannot be removed.')
      for (const task of res.tasks!) await t.ecs.send(new StopTaskCommand({ cluster: 'cp-split', task: task.taskArn! }))
    })

    it("refuses a launch type with a strategy, a provider not the cluster's, two bases, and Fargate for a task definition that is not Fargate's", async () => {
      const run = (extra: object) => failure(() => t.ecs.send(new RunTaskCommand({ cluster: 'cp-split', taskDefinition: 'cp-small', ...extra })))
      assert.equal(
        (await run({ launchType: 'EC2', capacityProviderStrategy: [{ capacityProvider: 'cp-a', weight: 1 }] })).message,
        'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.',
      )
      assert.match((await run({ capacityProviderStrategy: [{ capacityProvider: 'cp-one', weight: 1 }] })).message, /not associated with the cluster/)
      assert.match((await run({ capacityProviderStrategy: [{ capacityProvider: 'cp-a', base: 1 }, { capacityProvider: 'cp-b', base: 2, weight: 1 }] })).message, /Only one capacity provider/)
      const fargate = await run({ capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }] })
      assert.equal(fargate.name, 'InvalidParameterException')
      assert.equal(fargate.message, 'Task definition does not support launch_type FARGATE.', 'a Fargate strategy is checked as a Fargate launch')
      const live = await t.ecs.send(new ListTasksCommand({ cluster: 'cp-split', desiredStatus: 'RUNNING' }))
      assert.deepEqual(live.taskArns, [])
    })

    it("a service takes the cluster's default strategy, shows it, and places its tasks by it", async () => {
      await t.ecs.send(new PutClusterCapacityProvidersCommand({ cluster: 'cp-split', capacityProviders: ['cp-a', 'cp-b'], defaultCapacityProviderStrategy: [{ capacityProvider: 'cp-b', weight: 1 }] }))
      const created = await t.ecs.send(new CreateServiceCommand({ cluster: 'cp-split', serviceName: 'cp-svc', taskDefinition: 'cp-small', desiredCount: 2 }))
      assert.deepEqual(created.service?.capacityProviderStrategy, [{ capacityProvider: 'cp-b', weight: 1 }])
      assert.equal(created.service?.launchType, undefined)
      const tasks = await waitFor(
        'the service tasks',
        async () => {
          const arns = (await t.ecs.send(new ListTasksCommand({ cluster: 'cp-split', serviceName: 'cp-svc' }))).taskArns ?? []
          return arns.length ? ((await t.ecs.send(new DescribeTasksCommand({ cluster: 'cp-split', tasks: arns }))).tasks ?? []) : []
        },
        (ts) => ts.length === 2,
      )
      for (const task of tasks) {
        assert.equal(task.capacityProviderName, 'cp-b')
        assert.ok(b.includes(task.containerInstanceArn!))
      }
      const updated = await t.ecs.send(new UpdateServiceCommand({ cluster: 'cp-split', service: 'cp-svc', capacityProviderStrategy: [{ capacityProvider: 'cp-a', weight: 1 }] }))
      assert.deepEqual(updated.service?.capacityProviderStrategy, [{ capacityProvider: 'cp-a', weight: 1 }])
      assert.equal(updated.service?.deployments?.length, 2, 'a new strategy starts a deployment')
      const described = await t.ecs.send(new DescribeServicesCommand({ cluster: 'cp-split', services: ['cp-svc'] }))
      assert.deepEqual(described.services?.[0]?.deployments?.[0]?.capacityProviderStrategy, [{ capacityProvider: 'cp-a', weight: 1 }])
    })
  })
})
