import { seedTargetGroup } from '../../../testing/elb-fixtures.js'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  type CreateServiceCommandInput,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestServer, type TestServer } from '../../../testing/server.js'
import { WEB_CONTAINER } from '../../../testing/services.js'

const ACCOUNT = 'arn:aws:ecs:us-east-1:000000000000'

/**
 * CreateService through the SDK, on a control plane with its controllers running. The cluster
 * has no container instance, so whatever the service scheduler does, it starts no task: the
 * assertions hold with or without it. Only the CreateService response (written in the same
 * transaction) is checked for what the scheduler would later change.
 */
describe('CreateService', () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
    await seedTargetGroup(t.store, 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/tg/1')
    await t.ecs.send(new CreateClusterCommand({ clusterName: 'svc' }))
    await t.ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [WEB_CONTAINER] }))
    await t.ecs.send(
      new RegisterTaskDefinitionCommand({ family: 'vpc', networkMode: 'awsvpc', containerDefinitions: [WEB_CONTAINER] }),
    )
  })
  after(() => t.close())

  const create = (input: Partial<CreateServiceCommandInput> & { serviceName: string }) =>
    t.ecs.send(new CreateServiceCommand({ cluster: 'svc', taskDefinition: 'web', desiredCount: 2, ...input }))

  it('creates a service with everything ECS echoes, and its first deployment and revision', async () => {
    const { service: s } = await create({
      serviceName: 'full',
      loadBalancers: [{ targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/tg/1', containerName: 'web', containerPort: 80 }],
      role: 'ecsServiceRole',
      deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 50, deploymentCircuitBreaker: { enable: true, rollback: true } },
      placementConstraints: [{ type: 'distinctInstance' }],
      placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
      healthCheckGracePeriodSeconds: 30,
      propagateTags: 'SERVICE',
      enableECSManagedTags: true,
      tags: [{ key: 'team', value: 'a' }],
      clientToken: 'token-1',
    })
    assert.ok(s)
    assert.equal(s.serviceArn, `${ACCOUNT}:service/svc/full`)
    assert.equal(s.serviceName, 'full')
    assert.equal(s.clusterArn, `${ACCOUNT}:cluster/svc`)
    assert.equal(s.status, 'ACTIVE')
    assert.equal(s.desiredCount, 2)
    assert.equal(s.runningCount, 0)
    assert.equal(s.pendingCount, 0)
    assert.equal(s.launchType, 'EC2')
    assert.equal(s.taskDefinition, `${ACCOUNT}:task-definition/web:1`)
    assert.deepEqual(s.deploymentConfiguration, {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 200,
      minimumHealthyPercent: 50,
      strategy: 'ROLLING',
      bakeTimeInMinutes: 0,
    })
    assert.equal(s.roleArn, 'arn:aws:iam::000000000000:role/ecsServiceRole')
    assert.deepEqual(s.events, [], 'ECS writes no event on create')
    assert.ok(s.createdAt instanceof Date)
    assert.deepEqual(s.placementConstraints, [{ type: 'distinctInstance' }])
    assert.deepEqual(s.placementStrategy, [{ type: 'spread', field: 'attribute:ecs.availability-zone' }])
    assert.equal(s.healthCheckGracePeriodSeconds, 30)
    assert.equal(s.schedulingStrategy, 'REPLICA')
    assert.deepEqual(s.deploymentController, { type: 'ECS' })
    assert.deepEqual(s.tags, [{ key: 'team', value: 'a' }])
    assert.equal(s.propagateTags, 'SERVICE')
    assert.equal(s.enableECSManagedTags, true)
    assert.equal(s.enableExecuteCommand, false)
    assert.equal(s.availabilityZoneRebalancing, 'ENABLED')
    assert.deepEqual(s.serviceRegistries, [])
    assert.equal(s.createdBy, undefined)

    assert.equal(s.deployments?.length, 1)
    const d = s.deployments![0]!
    assert.match(d.id!, /^ecs-svc\/[1-9]\d{18}$/)
    const digits = d.id!.slice('ecs-svc/'.length)
    assert.equal(d.status, 'PRIMARY')
    assert.equal(d.taskDefinition, s.taskDefinition)
    assert.equal(d.desiredCount, 2)
    assert.equal(d.runningCount, 0)
    assert.equal(d.pendingCount, 0)
    assert.equal(d.failedTasks, 0)
    assert.equal(d.launchType, 'EC2')
    assert.equal(d.rolloutState, 'IN_PROGRESS')
    assert.equal(d.rolloutStateReason, `ECS deployment ${d.id} in progress.`)
    assert.match(s.currentServiceDeployment!, /^arn:aws:ecs:us-east-1:000000000000:service-deployment\/svc\/full\/[A-Za-z0-9_-]{21}$/)
    assert.deepEqual(s.currentServiceRevisions, [
      { arn: `${ACCOUNT}:service-revision/svc/full/${digits}`, requestedTaskCount: 2, runningTaskCount: 0, pendingTaskCount: 0 },
    ])
  })

  it('fills in ECS defaults for a minimal request, and resolves family:revision and ARN references', async () => {
    const { service: s } = await create({ serviceName: 'minimal', taskDefinition: 'web:1', desiredCount: 0 })
    assert.deepEqual(s?.deploymentConfiguration, {
      deploymentCircuitBreaker: { enable: false, rollback: false },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      strategy: 'ROLLING',
      bakeTimeInMinutes: 0,
    })
    assert.deepEqual(s?.loadBalancers, [])
    assert.deepEqual(s?.placementConstraints, [])
    assert.deepEqual(s?.placementStrategy, [])
    assert.equal(s?.healthCheckGracePeriodSeconds, 0)
    assert.equal(s?.propagateTags, 'NONE')
    assert.equal(s?.enableECSManagedTags, false)
    assert.equal(s?.roleArn, undefined)
    assert.equal(s?.networkConfiguration, undefined)
    const byArn = await create({ serviceName: 'by-arn', taskDefinition: `${ACCOUNT}:task-definition/web:1` })
    assert.equal(byArn.service?.taskDefinition, `${ACCOUNT}:task-definition/web:1`)
  })

  it('keeps a role given as an ARN as it is', async () => {
    const role = 'arn:aws:iam::000000000000:role/path/custom'
    const { service } = await create({ serviceName: 'role-arn', role })
    assert.equal(service?.roleArn, role)
  })

  it('answers the same request with the same clientToken with the same service, and nothing else', async () => {
    const input = { serviceName: 'idem', clientToken: 'abc', tags: [{ key: 'k', value: 'v' }] }
    const first = await create(input)
    const again = await create({ ...input, cluster: `${ACCOUNT}:cluster/svc` })
    assert.equal(again.service?.serviceArn, first.service?.serviceArn, 'the cluster by name or ARN is the same request')
    assert.deepEqual(again.service?.deployments?.map((d) => d.id), first.service?.deployments?.map((d) => d.id))
    const notIdempotent = { name: 'InvalidParameterException', message: 'Creation of service was not idempotent.' }
    await assert.rejects(create({ ...input, clientToken: 'other' }), notIdempotent)
    await assert.rejects(create({ ...input, desiredCount: 3 }), notIdempotent)
    await assert.rejects(create({ serviceName: 'idem' }), notIdempotent)
  })

  it('replaces an INACTIVE service of the same name under the same ARN, forgetting its history', async () => {
    const first = await create({ serviceName: 'reborn', desiredCount: 0, tags: [{ key: 'old', value: '1' }] })
    const oldRevision = first.service!.currentServiceRevisions![0]!.arn!
    const deleted = await t.ecs.send(new DeleteServiceCommand({ cluster: 'svc', service: 'reborn' }))
    assert.equal(deleted.service?.status, 'INACTIVE', 'no task ever ran: INACTIVE at once')
    const second = await create({ serviceName: 'reborn', desiredCount: 0 })
    assert.equal(second.service?.serviceArn, first.service?.serviceArn)
    assert.notEqual(second.service?.deployments?.[0]?.id, first.service?.deployments?.[0]?.id)
    assert.deepEqual(second.service?.tags, [])
    const listed = await t.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'svc', service: 'reborn' }))
    assert.deepEqual(listed.serviceDeployments?.map((d) => d.serviceDeploymentArn), [second.service?.currentServiceDeployment])
    const revisions = await t.ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [oldRevision] }))
    assert.deepEqual(revisions.failures, [{ arn: oldRevision, reason: 'MISSING' }])
  })

  it('takes a network configuration for an awsvpc task definition, on the service and its deployment', async () => {
    const networkConfiguration = { awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' as const } }
    const { service } = await create({ serviceName: 'vpc', taskDefinition: 'vpc', networkConfiguration })
    assert.deepEqual(service?.networkConfiguration, networkConfiguration)
    assert.deepEqual(service?.deployments?.[0]?.networkConfiguration, networkConfiguration)
  })

  it('makes a DAEMON service: no desired count of its own, 100/0, not rebalanced', async () => {
    const { service } = await create({ serviceName: 'daemon', schedulingStrategy: 'DAEMON', desiredCount: undefined })
    assert.equal(service?.schedulingStrategy, 'DAEMON')
    assert.equal(service?.deploymentConfiguration?.maximumPercent, 100)
    assert.equal(service?.deploymentConfiguration?.minimumHealthyPercent, 0)
    assert.equal(service?.availabilityZoneRebalancing, 'DISABLED')
  })

  it('resolves AZ rebalancing to DISABLED when the service is not eligible and nothing was asked', async () => {
    const binpack = await create({ serviceName: 'binpack', placementStrategy: [{ type: 'binpack', field: 'memory' }] })
    assert.equal(binpack.service?.availabilityZoneRebalancing, 'DISABLED')
    const asked = await create({ serviceName: 'no-rebalance', availabilityZoneRebalancing: 'DISABLED' })
    assert.equal(asked.service?.availabilityZoneRebalancing, 'DISABLED')
  })

  it('echoes disabled alarms', async () => {
    const alarms = { alarmNames: ['high-5xx'], enable: false, rollback: false }
    const { service } = await create({ serviceName: 'alarms', deploymentConfiguration: { alarms } })
    assert.deepEqual(service?.deploymentConfiguration?.alarms, alarms)
  })

  it('refuses an INACTIVE task definition as RunTask does', async () => {
    await t.ecs.send(new RegisterTaskDefinitionCommand({ family: 'old', containerDefinitions: [WEB_CONTAINER] }))
    await t.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'old:1' }))
    await assert.rejects(create({ serviceName: 'old', taskDefinition: 'old:1' }), { name: 'ClientException', message: 'TaskDefinition is inactive' })
    const res = await t.ecs.send(new DescribeServicesCommand({ cluster: 'svc', services: ['old'] }))
    assert.equal(res.failures?.[0]?.reason, 'MISSING')
  })
})
