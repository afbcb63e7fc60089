import { seedTargetGroup } from '../../../testing/elb-fixtures.js'
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startApiServer, type ApiServer } from '../../../testing/api-server.js'
import { setUpServiceCluster, WEB_CONTAINER } from '../../../testing/services.js'
import { DAEMON_MAXIMUM_PERCENT } from './deployment-configuration.js'
import {
  DAEMON_DESIRED_COUNT,
  DAEMON_PLACEMENT_STRATEGY,
} from './service-config.js'
import { NETWORK_CONFIGURATION_NOT_VALID, NETWORK_CONFIGURATION_REQUIRED } from '../network-configuration.js'

/**
 * Every refusal of CreateService, UpdateService and DeleteService: its code, its message, and
 * that the store is exactly as it was before (every table, read through a second connection).
 * The API runs alone here, so nothing else writes while a row runs.
 */
interface Row {
  why: string
  code: string
  message: string | RegExp
}

const TG = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/tg/1'
const IP_TG = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/ips/1'
const LONE_TG = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/lone/1'
const berth = (member: string) => new RegExp(`^Berth does not support ${member.replace(/[[\].]/g, '\\$&')}: `)

const CREATE_ROWS: (Row & { input: Partial<CreateServiceCommandInput> })[] = [
  { why: 'a name with a space', input: { serviceName: 'has space' }, code: 'InvalidParameterException', message: /^Service name must be 1 to 255/ },
  { why: 'a name of 256 characters', input: { serviceName: 'x'.repeat(256) }, code: 'InvalidParameterException', message: /^Service name must be/ },
  { why: 'an unknown cluster', input: { cluster: 'nope' }, code: 'ClusterNotFoundException', message: 'Cluster not found.' },
  { why: 'the name of an ACTIVE service', input: { serviceName: 'existing' }, code: 'InvalidParameterException', message: 'Creation of service was not idempotent.' },
  { why: 'Fargate for a task definition that is not Fargate-compatible', input: { launchType: 'FARGATE' }, code: 'InvalidParameterException', message: 'Task definition does not support launch_type FARGATE.' },
  { why: 'external instances', input: { launchType: 'EXTERNAL' }, code: 'InvalidParameterException', message: berth('launchType=EXTERNAL') },
  { why: 'a capacity provider the cluster has not associated', input: { capacityProviderStrategy: [{ capacityProvider: 'cp' }] }, code: 'InvalidParameterException', message: 'The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.' },
  { why: 'a platform version with EC2', input: { platformVersion: 'LATEST' }, code: 'InvalidParameterException', message: 'The platform version must be null when specifying an EC2 launch type.' },
  { why: 'Cloud Map registries', input: { serviceRegistries: [{ registryArn: 'arn:x' }] }, code: 'InvalidParameterException', message: berth('serviceRegistries') },
  { why: 'Service Connect', input: { serviceConnectConfiguration: { enabled: true } }, code: 'InvalidParameterException', message: berth('serviceConnectConfiguration.enabled=true') },
  { why: 'EBS volumes', input: { volumeConfigurations: [{ name: 'v' }] }, code: 'InvalidParameterException', message: berth('volumeConfigurations') },
  { why: 'VPC Lattice', input: { vpcLatticeConfigurations: [{ roleArn: 'arn:r', targetGroupArn: TG, portName: 'p' }] }, code: 'InvalidParameterException', message: berth('vpcLatticeConfigurations') },
  { why: 'ECS Exec', input: { enableExecuteCommand: true }, code: 'InvalidParameterException', message: berth('enableExecuteCommand=true') },
  { why: 'a CodeDeploy controller', input: { deploymentController: { type: 'CODE_DEPLOY' } }, code: 'InvalidParameterException', message: berth('deploymentController.type=CODE_DEPLOY') },
  { why: 'blue/green without a bake time', input: { deploymentConfiguration: { strategy: 'BLUE_GREEN' } }, code: 'InvalidParameterException', message: /^bakeTimeInMinutes is required with the BLUE_GREEN deployment strategy/ },
  { why: 'canary without a load balancer', input: { deploymentConfiguration: { strategy: 'CANARY', canaryConfiguration: { canaryPercent: 10 } } }, code: 'InvalidParameterException', message: /^The CANARY deployment strategy shifts traffic between two target groups/ },
  { why: 'a linear configuration with ROLLING', input: { deploymentConfiguration: { strategy: 'ROLLING', linearConfiguration: { stepPercent: 10 } } }, code: 'InvalidParameterException', message: /^linearConfiguration is only valid when the deployment strategy is LINEAR \(it is ROLLING\)/ },
  { why: 'lifecycle hooks', input: { deploymentConfiguration: { lifecycleHooks: [{ hookTargetArn: 'arn:aws:lambda:f', lifecycleStages: ['PRE_SCALE_UP'] }] } }, code: 'InvalidParameterException', message: /lifecycleHooks: .*no AWS Lambda/ },
  { why: 'a bake time with ROLLING', input: { deploymentConfiguration: { bakeTimeInMinutes: 5 } }, code: 'InvalidParameterException', message: /^bakeTimeInMinutes belongs to the BLUE_GREEN, LINEAR and CANARY strategies/ },
  { why: 'an advanced LB configuration with ROLLING', input: { loadBalancers: [{ targetGroupArn: TG, containerName: 'web', containerPort: 80, advancedConfiguration: { alternateTargetGroupArn: TG } }] }, code: 'InvalidParameterException', message: /^loadBalancers\[0\]\.advancedConfiguration configures BLUE_GREEN, LINEAR and CANARY deployments/ },
  { why: 'no desiredCount for a REPLICA service', input: { desiredCount: undefined }, code: 'InvalidParameterException', message: /^desiredCount is required/ },
  { why: 'a negative desiredCount', input: { desiredCount: -1 }, code: 'InvalidParameterException', message: /^desiredCount must be between 0 and 2147483647/ },
  { why: 'a DAEMON with a desired count', input: { schedulingStrategy: 'DAEMON' }, code: 'InvalidParameterException', message: DAEMON_DESIRED_COUNT },
  { why: 'a DAEMON with a placement strategy', input: { schedulingStrategy: 'DAEMON', desiredCount: undefined, placementStrategy: [{ type: 'random' }] }, code: 'InvalidParameterException', message: DAEMON_PLACEMENT_STRATEGY },
  { why: 'a DAEMON above 100%', input: { schedulingStrategy: 'DAEMON', desiredCount: undefined, deploymentConfiguration: { maximumPercent: 200 } }, code: 'InvalidParameterException', message: DAEMON_MAXIMUM_PERCENT },
  { why: 'maximumPercent below 100', input: { deploymentConfiguration: { maximumPercent: 50 } }, code: 'InvalidParameterException', message: /^maximumPercent must be at least 100/ },
  { why: 'minimumHealthyPercent above 100', input: { deploymentConfiguration: { minimumHealthyPercent: 150 } }, code: 'InvalidParameterException', message: /^minimumHealthyPercent must be between 0 and 100/ },
  { why: 'a negative grace period', input: { healthCheckGracePeriodSeconds: -1 }, code: 'InvalidParameterException', message: /^healthCheckGracePeriodSeconds must be between 0 and/ },
  { why: 'no task definition', input: { taskDefinition: undefined }, code: 'InvalidParameterException', message: /^A task definition is required/ },
  { why: 'an unknown task definition', input: { taskDefinition: 'ghost' }, code: 'ClientException', message: 'Unable to describe task definition.' },
  { why: 'an INACTIVE task definition', input: { taskDefinition: 'old:1' }, code: 'ClientException', message: 'TaskDefinition is inactive' },
  { why: 'awsvpc with no network configuration', input: { taskDefinition: 'vpc' }, code: 'InvalidParameterException', message: NETWORK_CONFIGURATION_REQUIRED },
  { why: 'a network configuration for bridge mode', input: { networkConfiguration: { awsvpcConfiguration: { subnets: ['s'] } } }, code: 'InvalidParameterException', message: NETWORK_CONFIGURATION_NOT_VALID },
  { why: 'an LB container the task definition lacks', input: { loadBalancers: [{ targetGroupArn: TG, containerName: 'ghost', containerPort: 80 }] }, code: 'InvalidParameterException', message: 'The container ghost does not exist in the task definition.' },
  { why: 'an LB port the container does not map', input: { loadBalancers: [{ targetGroupArn: TG, containerName: 'web', containerPort: 8080 }] }, code: 'InvalidParameterException', message: 'The container web did not have a container port 8080 defined.' },
  { why: 'an LB with no target', input: { loadBalancers: [{ containerName: 'web', containerPort: 80 }] }, code: 'InvalidParameterException', message: /^loadBalancers\[0\]: give either a targetGroupArn or a loadBalancerName/ },
  { why: 'six load balancers', input: { loadBalancers: Array.from({ length: 6 }, () => ({ targetGroupArn: TG, containerName: 'web', containerPort: 80 })) }, code: 'InvalidParameterException', message: /at most 5/ },
  { why: 'eleven placement constraints', input: { placementConstraints: Array.from({ length: 11 }, () => ({ type: 'distinctInstance' as const })) }, code: 'InvalidParameterException', message: /at most 10 are allowed/ },
  { why: 'a memberOf with a bad expression', input: { placementConstraints: [{ type: 'memberOf', expression: 'attribute:x ==' }] }, code: 'InvalidParameterException', message: /^placementConstraints\[0\]/ },
  { why: 'AZ rebalancing asked for a binpack service', input: { availabilityZoneRebalancing: 'ENABLED', placementStrategy: [{ type: 'binpack', field: 'cpu' }] }, code: 'InvalidParameterException', message: /^availabilityZoneRebalancing ENABLED is not available for this service: its first placement strategy/ },
  { why: 'a clientToken of 37 characters', input: { clientToken: 'x'.repeat(37) }, code: 'InvalidParameterException', message: /^clientToken must be 1 to 36/ },
  { why: 'a reserved tag key', input: { tags: [{ key: 'aws:x', value: 'v' }] }, code: 'InvalidParameterException', message: /may not start with 'aws:'/ },
]

const UPDATE_ROWS: (Row & { input: Partial<UpdateServiceCommandInput> })[] = [
  { why: 'an unknown service', input: { service: 'ghost' }, code: 'ServiceNotFoundException', message: 'Service not found.' },
  { why: 'a service of another cluster named by its ARN', input: { service: 'arn:aws:ecs:us-east-1:000000000000:service/other/existing' }, code: 'ServiceNotFoundException', message: 'Service not found.' },
  { why: 'an INACTIVE service', input: { service: 'deleted' }, code: 'ServiceNotActiveException', message: 'Service was not ACTIVE.' },
  { why: 'a desired count for a DAEMON', input: { service: 'daemon', desiredCount: 1 }, code: 'InvalidParameterException', message: DAEMON_DESIRED_COUNT },
  { why: 'a DAEMON above 100%', input: { service: 'daemon', deploymentConfiguration: { maximumPercent: 150 } }, code: 'InvalidParameterException', message: DAEMON_MAXIMUM_PERCENT },
  { why: 'a placement strategy for a DAEMON', input: { service: 'daemon', placementStrategy: [{ type: 'random' }] }, code: 'InvalidParameterException', message: DAEMON_PLACEMENT_STRATEGY },
  { why: 'maximumPercent below 100', input: { deploymentConfiguration: { maximumPercent: 90 } }, code: 'InvalidParameterException', message: /^maximumPercent must be at least 100/ },
  { why: 'a negative desiredCount', input: { desiredCount: -3 }, code: 'InvalidParameterException', message: /^desiredCount must be between/ },
  { why: 'an INACTIVE task definition', input: { taskDefinition: 'old:1' }, code: 'ClientException', message: 'TaskDefinition is inactive' },
  { why: 'an awsvpc task definition with no network configuration', input: { taskDefinition: 'vpc' }, code: 'InvalidParameterException', message: NETWORK_CONFIGURATION_REQUIRED },
  { why: 'a network configuration for bridge mode', input: { networkConfiguration: { awsvpcConfiguration: { subnets: ['s'] } } }, code: 'InvalidParameterException', message: NETWORK_CONFIGURATION_NOT_VALID },
  { why: 'an LB port the container does not map', input: { loadBalancers: [{ targetGroupArn: TG, containerName: 'web', containerPort: 81 }] }, code: 'InvalidParameterException', message: 'The container web did not have a container port 81 defined.' },
  { why: 'ECS Exec', input: { enableExecuteCommand: true }, code: 'InvalidParameterException', message: berth('enableExecuteCommand=true') },
  { why: 'a capacity provider the cluster has not associated', input: { capacityProviderStrategy: [{ capacityProvider: 'cp' }] }, code: 'InvalidParameterException', message: 'The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.' },
  { why: 'a move to the EXTERNAL controller', input: { deploymentController: { type: 'EXTERNAL' } }, code: 'InvalidParameterException', message: /^A service with the ECS deployment controller cannot move to the EXTERNAL deployment controller/ },
  { why: 'linear deployments without a load balancer', input: { deploymentConfiguration: { strategy: 'LINEAR' } }, code: 'InvalidParameterException', message: /^The LINEAR deployment strategy shifts traffic between two target groups/ },
  { why: 'a target group that does not exist', input: { loadBalancers: [{ targetGroupArn: `${TG.slice(0, -1)}2`, containerName: 'web', containerPort: 80 }] }, code: 'InvalidParameterException', message: `Unable to validate the specified targetGroupArn: the target group ${TG.slice(0, -1)}2 does not exist.` },
  { why: 'a target group no listener forwards to', input: { loadBalancers: [{ targetGroupArn: LONE_TG, containerName: 'web', containerPort: 80 }] }, code: 'InvalidParameterException', message: `The target group with targetGroupArn ${LONE_TG} does not have an associated load balancer.` },
  { why: 'an ip target group for bridge tasks', input: { loadBalancers: [{ targetGroupArn: IP_TG, containerName: 'web', containerPort: 80 }] }, code: 'InvalidParameterException', message: `The provided target group ${IP_TG} has target type ip, which is incompatible with the bridge network mode specified in the task definition.` },
  { why: 'a Classic Load Balancer', input: { loadBalancers: [{ loadBalancerName: 'classic', containerName: 'web', containerPort: 80 }] }, code: 'InvalidParameterException', message: /^loadBalancerName classic: Berth has no Classic Load Balancers/ },
  { why: 'AZ rebalancing asked with maximumPercent 100', input: { availabilityZoneRebalancing: 'ENABLED', deploymentConfiguration: { maximumPercent: 100 } }, code: 'InvalidParameterException', message: /maximumPercent is 100/ },
]

describe('services: every refusal, and that it changed nothing', () => {
  let t: ApiServer
  before(async () => {
    t = await startApiServer()
    await seedTargetGroup(t.store, TG)
    await seedTargetGroup(t.store, IP_TG, 'ip')
    await seedTargetGroup(t.store, LONE_TG)
    await t.store.txn(async (tx) => {
      for (const l of await tx.listeners.list()) if (l.defaultActions.some((a) => a.type === 'forward' && a.targetGroups.some((g) => g.arn === LONE_TG))) await tx.listeners.delete(l.arn)
    })
    await setUpServiceCluster(t.ecs, 'c')
    await setUpServiceCluster(t.ecs, 'other', [])
    await t.ecs.send(new RegisterTaskDefinitionCommand({ family: 'vpc', networkMode: 'awsvpc', containerDefinitions: [WEB_CONTAINER] }))
    await t.ecs.send(new RegisterTaskDefinitionCommand({ family: 'old', containerDefinitions: [WEB_CONTAINER] }))
    await t.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'old:1' }))
    for (const [name, extra] of [['existing', {}], ['other-existing', {}], ['deleted', { desiredCount: 0 }], ['daemon', { schedulingStrategy: 'DAEMON', desiredCount: undefined }]] as const) {
      await t.ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName: name, taskDefinition: 'web', desiredCount: 1, ...extra }))
    }
    await t.ecs.send(new CreateServiceCommand({ cluster: 'other', serviceName: 'existing', taskDefinition: 'web', desiredCount: 1 }))
    await t.ecs.send(new DeleteServiceCommand({ cluster: 'c', service: 'deleted' }))
  })
  after(() => t.close())

  const refused = async (send: () => Promise<unknown>, row: Row) => {
    const before = t.dump()
    await assert.rejects(send(), { name: row.code, message: row.message })
    assert.equal(t.dump(), before, 'the store changed')
  }

  for (const row of CREATE_ROWS) {
    it(`CreateService refuses ${row.why}`, () =>
      refused(() => t.ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName: 'new', taskDefinition: 'web', desiredCount: 1, ...row.input } as CreateServiceCommandInput)), row))
  }
  for (const row of UPDATE_ROWS) {
    it(`UpdateService refuses ${row.why}`, () =>
      refused(() => t.ecs.send(new UpdateServiceCommand({ cluster: 'c', service: 'existing', ...row.input })), row))
  }

  it('DeleteService refuses a REPLICA service scaled above 0 without force, and an unknown one', async () => {
    await refused(() => t.ecs.send(new DeleteServiceCommand({ cluster: 'c', service: 'existing' })), {
      why: '',
      code: 'InvalidParameterException',
      message: 'The service cannot be stopped while it is scaled above 0.',
    })
    await refused(() => t.ecs.send(new DeleteServiceCommand({ cluster: 'c', service: 'ghost' })), { why: '', code: 'ServiceNotFoundException', message: 'Service not found.' })
  })
})
