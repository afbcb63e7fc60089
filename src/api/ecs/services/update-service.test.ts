import { seedTargetGroup } from '../../../testing/elb-fixtures.js'
import {
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
  type Service,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startApiServer } from '../../../testing/api-server.js'
import { startTestServer, type TestServer } from '../../../testing/server.js'
import { setUpServiceCluster, WEB_CONTAINER } from '../../../testing/services.js'
import { SUPERSEDED_REASON } from './deployments.js'

const ACCOUNT = 'arn:aws:ecs:us-east-1:000000000000'
const TG = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/tg/1'
const vpc = (subnet: string) => ({ awsvpcConfiguration: { subnets: [subnet] } })

/**
 * UpdateService on a cluster with no container instance: each service asks for 2 tasks and can
 * never get them, so its deployment stays unfinished whatever a scheduler does, and only the
 * UpdateService response and what the API alone writes are checked.
 */
describe('UpdateService', () => {
  let t: TestServer
  let n = 0
  before(async () => {
    t = await startTestServer()
    await seedTargetGroup(t.store, TG)
    await setUpServiceCluster(t.ecs, 'up', [{}, {}])
    await t.ecs.send(new RegisterTaskDefinitionCommand({ family: 'vpc', networkMode: 'awsvpc', containerDefinitions: [WEB_CONTAINER] }))
  })
  after(() => t.close())

  const newService = async (over: Partial<CreateServiceCommandInput> = {}): Promise<Service> => {
    const res = await t.ecs.send(new CreateServiceCommand({ cluster: 'up', serviceName: `s${++n}`, taskDefinition: 'web:1', desiredCount: 2, ...over }))
    return res.service!
  }
  const update = async (s: Service, input: Omit<ConstructorParameters<typeof UpdateServiceCommand>[0], 'service'>) =>
    (await t.ecs.send(new UpdateServiceCommand({ cluster: 'up', service: s.serviceName!, ...input }))).service!
  const ids = (s: Service) => s.deployments?.map((d) => d.id)

  it('changes desiredCount, deployment configuration, placement, grace period and tag options without a new deployment', async () => {
    const s = await newService({ placementConstraints: [{ type: 'distinctInstance' }], placementStrategy: [{ type: 'binpack', field: 'cpu' }] })
    const u = await update(s, {
      desiredCount: 5,
      deploymentConfiguration: { minimumHealthyPercent: 50 },
      placementConstraints: [],
      placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
      healthCheckGracePeriodSeconds: 60,
      propagateTags: 'TASK_DEFINITION',
      enableECSManagedTags: true,
      availabilityZoneRebalancing: 'ENABLED',
    })
    assert.deepEqual(ids(u), ids(s))
    assert.equal(u.currentServiceDeployment, s.currentServiceDeployment)
    assert.equal(u.desiredCount, 5)
    assert.equal(u.deployments?.[0]?.desiredCount, 5)
    assert.equal(u.deploymentConfiguration?.maximumPercent, 200, 'members not given are kept')
    assert.equal(u.deploymentConfiguration?.minimumHealthyPercent, 50)
    assert.deepEqual(u.placementConstraints, [], 'an empty list clears')
    assert.deepEqual(u.placementStrategy, [{ type: 'spread', field: 'attribute:ecs.availability-zone' }])
    assert.equal(u.healthCheckGracePeriodSeconds, 60)
    assert.equal(u.propagateTags, 'TASK_DEFINITION')
    assert.equal(u.enableECSManagedTags, true)
    assert.equal(u.availabilityZoneRebalancing, 'ENABLED')
    const kept = await update(s, {})
    assert.deepEqual(kept.placementStrategy, u.placementStrategy, 'members not given are kept')
  })

  it('starts a new deployment for a new task definition; the one in progress is STOPPED', async () => {
    const s = await newService()
    const u = await update(s, { taskDefinition: 'web:2' })
    assert.equal(u.taskDefinition, `${ACCOUNT}:task-definition/web:2`)
    assert.equal(u.deployments?.length, 2)
    const [primary, old] = u.deployments!
    assert.equal(primary?.status, 'PRIMARY')
    assert.equal(primary?.taskDefinition, `${ACCOUNT}:task-definition/web:2`)
    assert.equal(primary?.desiredCount, 2)
    assert.equal(primary?.rolloutState, 'IN_PROGRESS')
    assert.equal(old?.id, s.deployments?.[0]?.id)
    assert.equal(old?.status, 'ACTIVE')
    assert.equal(old?.desiredCount, 0)
    assert.notEqual(u.currentServiceDeployment, s.currentServiceDeployment)
    assert.deepEqual(u.currentServiceRevisions?.map((r) => r.requestedTaskCount), [2, 0])

    const { serviceDeployments } = await t.ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [u.currentServiceDeployment!, s.currentServiceDeployment!] }),
    )
    const [current, superseded] = serviceDeployments!
    assert.equal(superseded?.status, 'STOPPED')
    assert.equal(superseded?.statusReason, SUPERSEDED_REASON)
    assert.ok(superseded?.stoppedAt && superseded.finishedAt)
    assert.equal(current?.targetServiceRevision?.arn, u.currentServiceRevisions?.[0]?.arn)
    assert.deepEqual(current?.sourceServiceRevisions, [
      { arn: s.currentServiceRevisions?.[0]?.arn, requestedTaskCount: 0, runningTaskCount: 0, pendingTaskCount: 0 },
    ])
  })

  it('starts a new deployment with forceNewDeployment, and for new load balancers', async () => {
    const s = await newService()
    // Each update puts a new PRIMARY first. (The scheduler drops an old deployment that holds
    // no task, which these hold none of, so how many are listed depends on when it passed.)
    const forced = await update(s, { forceNewDeployment: true })
    assert.notEqual(forced.deployments?.[0]?.id, s.deployments?.[0]?.id)
    assert.equal(forced.taskDefinition, s.taskDefinition)
    const lb = [{ targetGroupArn: TG, containerName: 'web', containerPort: 80 }]
    const withLb = await update(s, { loadBalancers: lb })
    assert.notEqual(withLb.deployments?.[0]?.id, forced.deployments?.[0]?.id)
    assert.deepEqual(withLb.loadBalancers, lb)
    const same = await update(s, { loadBalancers: lb })
    assert.equal(same.deployments?.[0]?.id, withLb.deployments?.[0]?.id, 'the same load balancers again are no change')
  })

  it('does not start a deployment when the task definition named is the one running', async () => {
    const s = await newService({ taskDefinition: 'web' })
    const u = await update(s, { taskDefinition: 'web' })
    assert.deepEqual(ids(u), ids(s))
  })

  it('starts a new deployment for a new network configuration, and drops it for a bridge task definition', async () => {
    const s = await newService({ taskDefinition: 'vpc', networkConfiguration: vpc('subnet-a') })
    const same = await update(s, { networkConfiguration: vpc('subnet-a') })
    assert.deepEqual(ids(same), ids(s))
    const moved = await update(s, { networkConfiguration: vpc('subnet-b') })
    assert.deepEqual(moved.networkConfiguration, vpc('subnet-b'))
    assert.deepEqual(moved.deployments?.[0]?.networkConfiguration, vpc('subnet-b'))
    assert.equal(moved.deployments?.length, 2)
    const bridge = await update(s, { taskDefinition: 'web:1' })
    assert.equal(bridge.networkConfiguration, undefined)
    assert.equal(bridge.deployments?.[0]?.networkConfiguration, undefined)
  })

  it('names the service by its long ARN and by the old short ARN with the cluster', async () => {
    const s = await newService()
    const byLong = await t.ecs.send(new UpdateServiceCommand({ cluster: 'up', service: s.serviceArn!, desiredCount: 3 }))
    assert.equal(byLong.service?.desiredCount, 3)
    const short = `${ACCOUNT}:service/${s.serviceName}`
    const byShort = await t.ecs.send(new UpdateServiceCommand({ cluster: 'up', service: short, desiredCount: 4 }))
    assert.equal(byShort.service?.serviceArn, s.serviceArn)
    assert.equal(byShort.service?.desiredCount, 4)
  })
})

describe('UpdateService that changes nothing', () => {
  it('writes nothing', async () => {
    const t = await startApiServer()
    try {
      await setUpServiceCluster(t.ecs, 'c')
      await t.ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName: 'web', taskDefinition: 'web', desiredCount: 1 }))
      // Every transaction takes the next store index (the meta table), written or not: compare the records.
      const records = () => ({ ...(JSON.parse(t.dump()) as Record<string, unknown>), meta: undefined })
      const before = records()
      const res = await t.ecs.send(new UpdateServiceCommand({ cluster: 'c', service: 'web', desiredCount: 1, taskDefinition: 'web:1' }))
      assert.equal(res.service?.desiredCount, 1)
      assert.deepEqual(records(), before)
    } finally {
      await t.close()
    }
  })
})
