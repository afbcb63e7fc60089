import {
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
  type DeploymentConfiguration,
  type LoadBalancer,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startApiServer, type ApiServer } from '../../../testing/api-server.js'
import { seedBlueGreenPair, seedTargetGroup, type BlueGreenPair } from '../../../testing/elb-fixtures.js'
import { setUpServiceCluster } from '../../../testing/services.js'

/**
 * BLUE_GREEN, LINEAR and CANARY through the SDK (which knows these members): what CreateService
 * and UpdateService accept, echo and start, and what they refuse (elb-facts §7.6). The API
 * runs alone: the deployments stay at PRE_SCALE_UP.
 */
const ELB = 'arn:aws:elasticloadbalancing:us-east-1:000000000000'
const BLUE = `${ELB}:targetgroup/blue/1`
const GREEN = `${ELB}:targetgroup/green/1`
const OTHER = `${ELB}:targetgroup/other/1`
const ROLE = 'arn:aws:iam::000000000000:role/ecsInfrastructureRole'

describe('services: blue/green, linear and canary configuration', () => {
  let t: ApiServer
  let pair: BlueGreenPair
  let n = 0
  before(async () => {
    t = await startApiServer()
    pair = await seedBlueGreenPair(t.store, BLUE, GREEN)
    await seedTargetGroup(t.store, OTHER)
    await setUpServiceCluster(t.ecs, 'c')
  })
  after(() => t.close())

  const lb = (adv: Record<string, string | undefined> = {}, over: Partial<LoadBalancer> = {}): LoadBalancer => ({
    targetGroupArn: BLUE,
    containerName: 'web',
    containerPort: 80,
    advancedConfiguration: { alternateTargetGroupArn: GREEN, productionListenerRule: pair.productionRuleArn, testListenerRule: pair.testRuleArn, roleArn: ROLE, ...adv } as LoadBalancer['advancedConfiguration'],
    ...over,
  })
  const create = (deploymentConfiguration: DeploymentConfiguration, loadBalancers: LoadBalancer[] = [lb()], over: Partial<CreateServiceCommandInput> = {}) =>
    t.ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName: `bg${++n}`, taskDefinition: 'web', desiredCount: 2, deploymentConfiguration, loadBalancers, ...over }))

  it('BLUE_GREEN: echoed by DescribeServices; the first deployment goes into the alternate group at PRE_SCALE_UP, weights 0', async () => {
    const { service } = await create({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 })
    const [described] = (await t.ecs.send(new DescribeServicesCommand({ cluster: 'c', services: [service!.serviceName!] }))).services!
    assert.deepEqual([described!.deploymentConfiguration!.strategy, described!.deploymentConfiguration!.bakeTimeInMinutes], ['BLUE_GREEN', 5])
    assert.deepEqual(described!.loadBalancers![0]!.advancedConfiguration, lb().advancedConfiguration)
    const [sd] = (await t.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [described!.currentServiceDeployment!] }))).serviceDeployments!
    assert.equal(sd!.lifecycleStage, 'PRE_SCALE_UP')
    assert.deepEqual([sd!.targetServiceRevision!.requestedProductionTrafficWeight, sd!.targetServiceRevision!.requestedTestTrafficWeight], [0, 0])
    const record = await t.store.txn((tx) => tx.serviceDeployments.get(described!.currentServiceDeployment!))
    assert.deepEqual([record!.trafficShift!.blueTargetGroupArn, record!.trafficShift!.greenTargetGroupArn], [BLUE, GREEN])
    const stored = await t.store.txn((tx) => tx.services.get(described!.serviceArn!))
    assert.equal(stored!.deployments[0]!.targetGroupArn, GREEN)
    const [revision] = (await t.ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [sd!.targetServiceRevision!.arn!] }))).serviceRevisions!
    assert.deepEqual(revision!.resolvedConfiguration, { loadBalancers: [{ targetGroupArn: GREEN, productionListenerRule: pair.productionRuleArn }] })
  })

  it('ROLLING: the revision resolves to the target group as given', async () => {
    const { service } = await create({}, [{ targetGroupArn: OTHER, containerName: 'web', containerPort: 80 }])
    const [sd] = (await t.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [service!.currentServiceDeployment!] }))).serviceDeployments!
    const [revision] = (await t.ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [sd!.targetServiceRevision!.arn!] }))).serviceRevisions!
    assert.deepEqual(revision!.resolvedConfiguration, { loadBalancers: [{ targetGroupArn: OTHER }] })
  })

  it("LINEAR and CANARY get the model's defaults; a listener's default rule may be the production rule", async () => {
    const linear = await create({ strategy: 'LINEAR' })
    assert.deepEqual(linear.service!.deploymentConfiguration!.linearConfiguration, { stepPercent: 10, stepBakeTimeInMinutes: 6 })
    const canary = await create({ strategy: 'CANARY', canaryConfiguration: { canaryPercent: 2.5 } }, [lb({ productionListenerRule: pair.defaultRuleArn, testListenerRule: undefined })])
    assert.deepEqual(canary.service!.deploymentConfiguration!.canaryConfiguration, { canaryPercent: 2.5, canaryBakeTimeInMinutes: 10 })
    assert.equal(canary.service!.deploymentConfiguration!.bakeTimeInMinutes, 0)
  })

  it('UpdateService moves a ROLLING service to BLUE_GREEN with a new deployment, and back needs advancedConfiguration gone', async () => {
    const { service } = await create({}, [{ targetGroupArn: BLUE, containerName: 'web', containerPort: 80 }])
    const updated = await t.ecs.send(new UpdateServiceCommand({ cluster: 'c', service: service!.serviceName!, deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1 }, loadBalancers: [lb()] }))
    assert.notEqual(updated.service!.currentServiceDeployment, service!.currentServiceDeployment)
    assert.equal(updated.service!.deploymentConfiguration!.strategy, 'BLUE_GREEN')
    await assert.rejects(
      t.ecs.send(new UpdateServiceCommand({ cluster: 'c', service: service!.serviceName!, deploymentConfiguration: { strategy: 'ROLLING' } })),
      { name: 'InvalidParameterException', message: /^loadBalancers\[0\]\.advancedConfiguration configures BLUE_GREEN, LINEAR and CANARY deployments/ },
    )
  })

  const refusals: { why: string; config: DeploymentConfiguration; lbs?: () => LoadBalancer[]; message: RegExp }[] = [
    { why: 'no advancedConfiguration', config: { strategy: 'LINEAR' }, lbs: () => [{ targetGroupArn: BLUE, containerName: 'web', containerPort: 80 }], message: /^loadBalancers\[0\]\.advancedConfiguration is required with the LINEAR deployment strategy/ },
    { why: 'no roleArn', config: { strategy: 'LINEAR' }, lbs: () => [lb({ roleArn: undefined })], message: /^loadBalancers\[0\]\.advancedConfiguration\.roleArn is required/ },
    { why: 'the alternate equal to targetGroupArn', config: { strategy: 'CANARY' }, lbs: () => [lb({ alternateTargetGroupArn: BLUE })], message: /^alternateTargetGroupArn must differ from targetGroupArn/ },
    { why: 'an alternate that does not exist', config: { strategy: 'CANARY' }, lbs: () => [lb({ alternateTargetGroupArn: `${ELB}:targetgroup/ghost/1` })], message: /the target group .*ghost\/1 does not exist/ },
    { why: 'a production rule forwarding outside the pair', config: { strategy: 'CANARY' }, lbs: () => [lb({ alternateTargetGroupArn: OTHER, testListenerRule: undefined })], message: /^The productionListenerRule .* forwards to .*green\/1, which is neither targetGroupArn nor alternateTargetGroupArn\.$/ },
    { why: 'an unknown production rule', config: { strategy: 'CANARY' }, lbs: () => [lb({ productionListenerRule: `${pair.productionRuleArn}9` })], message: /^Unable to validate the specified productionListenerRule/ },
    { why: 'a test rule that is not a forward', config: { strategy: 'CANARY' }, lbs: () => [lb({ testListenerRule: pair.testRuleArn.replace('testrule000001', 'default0000001') })], message: /^The testListenerRule .* must have a single forward action \(it has a fixed-response action\)/ },
    { why: 'two load balancers', config: { strategy: 'CANARY' }, lbs: () => [lb(), lb()], message: /takes one loadBalancers entry \(2 were given\)/ },
    { why: 'BLUE_GREEN without a bake time', config: { strategy: 'BLUE_GREEN' }, message: /^bakeTimeInMinutes is required with the BLUE_GREEN/ },
    { why: 'a bake time over 1440', config: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1441 }, message: /^bakeTimeInMinutes must be a whole number from 0 to 1440 \(it was 1441\)/ },
    { why: 'a step below 3', config: { strategy: 'LINEAR', linearConfiguration: { stepPercent: 2.9 } }, message: /^linearConfiguration\.stepPercent must be a multiple of 0\.1 from 3 to 100 \(it was 2\.9\)/ },
    { why: 'a step off the 0.1 grid', config: { strategy: 'LINEAR', linearConfiguration: { stepPercent: 10.05 } }, message: /stepPercent must be a multiple of 0\.1/ },
    { why: 'a canary of 0', config: { strategy: 'CANARY', canaryConfiguration: { canaryPercent: 0 } }, message: /^canaryConfiguration\.canaryPercent must be a multiple of 0\.1 from 0\.1 to 100/ },
    { why: 'a canary configuration with LINEAR', config: { strategy: 'LINEAR', canaryConfiguration: { canaryPercent: 5 } }, message: /^canaryConfiguration is only valid when the deployment strategy is CANARY \(it is LINEAR\)/ },
    { why: 'the circuit breaker with CANARY', config: { strategy: 'CANARY', deploymentCircuitBreaker: { enable: true, rollback: true } }, message: /^The deployment circuit breaker can only be used with the ROLLING deployment strategy/ },
    { why: 'lifecycle hooks', config: { strategy: 'CANARY', lifecycleHooks: [{ hookTargetArn: 'arn:aws:lambda:us-east-1:0:function:f', roleArn: ROLE, lifecycleStages: ['POST_SCALE_UP'] }] }, message: /lifecycle hooks call AWS Lambda functions/ },
  ]
  for (const r of refusals) {
    it(`refuses ${r.why}`, async () => {
      await assert.rejects(create(r.config, r.lbs?.() ?? [lb()]), { name: 'InvalidParameterException', message: r.message })
    })
  }
})
