import {
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startBlueGreenCluster, type BlueGreenCluster } from '../../testing/blue-green-cluster.js'
import type { BlueGreenPair } from '../../testing/elb-fixtures.js'
import type { FakeCluster } from '../../testing/fake-cluster.js'
import { waitFor } from '../../testing/wait.js'
import { mockAlarm } from '../../testing/alarms.js'
import { putValue } from '../../testing/metric-stores.js'

/**
 * A BLUE_GREEN and then a CANARY deployment of one service, run to SUCCESSFUL by the real
 * scheduler and load-balancer controller over fake hosts, time on a ManualClock: each poll moves
 * it one second (health checks, bakes and drains are timers). Each task's published port is
 * served by a plain HTTP server here, so its target passes the real health checks. At every
 * poll the production rule's weights in the store must match the stage the deployment shows.
 */
const ELB = 'arn:aws:elasticloadbalancing:us-east-1:000000000000'
const BLUE = `${ELB}:targetgroup/bgblue/1`
const GREEN = `${ELB}:targetgroup/bggreen/1`
const ROLE = 'arn:aws:iam::000000000000:role/ecsInfrastructureRole'
const container = (image: string) => ({ name: 'app', image, memory: 64, portMappings: [{ containerPort: 80, hostPort: 0 }] })

describe('blue/green and canary over fake hosts', () => {
  let h: BlueGreenCluster
  let c: FakeCluster
  let pair: BlueGreenPair
  before(async () => {
    h = await startBlueGreenCluster({ blue: BLUE, green: GREEN, loadBalancerAddress: '127.0.14.1' })
    ;({ c, pair } = h)
    await c.server.ecs.send(new RegisterTaskDefinitionCommand({ family: 'bg', containerDefinitions: [container('berth-test/bg:1')] }))
    await c.server.ecs.send(new RegisterTaskDefinitionCommand({ family: 'bg', containerDefinitions: [container('berth-test/bg:2')] }))
  })
  after(() => h?.close())

  const serveTasks = () => h.serveTasks('web')
  /** The production rule's weights: [targetGroupArn (BLUE), alternate (GREEN)]. */
  const productionWeights = () => h.productionWeights()

  /**
   * Polls until the service deployment is SUCCESSFUL, one manual second per poll; at each poll,
   * the weights must agree with the stage shown (`into`: the group green is). Returns the
   * lines "status stage share blue/green" seen, each once (weights as [targetGroupArn, alternate]).
   */
  async function runToSuccess(sdArn: string, into: 'BLUE' | 'GREEN'): Promise<string[]> {
    const seen: string[] = []
    const greenOf = (w: readonly [number, number]) => (into === 'GREEN' ? w[1] : w[0])
    await waitFor(
      `${sdArn} SUCCESSFUL`,
      async () => {
        h.timers.advance(1_000)
        await serveTasks()
        const sd: ServiceDeployment = await h.describeServiceDeployment(sdArn)
        const weights = await productionWeights()
        const share = sd.targetServiceRevision?.requestedProductionTrafficWeight ?? 0
        const stage = sd.lifecycleStage
        if (stage === 'PRE_SCALE_UP' || stage === 'SCALE_UP') assert.equal(greenOf(weights), 0, `no production traffic to green in ${stage}`)
        if (stage === 'PRODUCTION_TRAFFIC_SHIFT') assert.equal(greenOf(weights), Math.round(share), 'the rule carries the requested share')
        if (stage === 'BAKE_TIME' || stage === 'CLEAN_UP') assert.equal(greenOf(weights), 100)
        assert.equal(weights[0] + weights[1], 100)
        const line = `${sd.status} ${stage} ${share} ${weights.join('/')}`
        if (seen[seen.length - 1] !== line) seen.push(line)
        return sd
      },
      (sd) => sd.status === 'SUCCESSFUL',
      { timeoutMs: 60_000, intervalMs: 10 },
    )
    return seen
  }

  it('BLUE_GREEN: the first deployment goes into the alternate group, shifts all at once, bakes, succeeds', async () => {
    const { service } = await c.server.ecs.send(
      new CreateServiceCommand({
        cluster: c.name,
        serviceName: 'web',
        taskDefinition: 'bg:1',
        desiredCount: 2,
        deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 2 },
        loadBalancers: [{ targetGroupArn: BLUE, containerName: 'app', containerPort: 80, advancedConfiguration: { alternateTargetGroupArn: GREEN, productionListenerRule: pair.productionRuleArn, roleArn: ROLE } }],
      }),
    )
    const seen = await runToSuccess(service!.currentServiceDeployment!, 'GREEN')
    assert.ok(seen.some((l) => l.startsWith('IN_PROGRESS BAKE_TIME 100 0/100')), seen.join('\n'))
    assert.deepEqual(await productionWeights(), [0, 100])
    const s = (await c.server.ecs.send(new DescribeServicesCommand({ cluster: c.name, services: ['web'] }))).services![0]!
    assert.equal(s.runningCount, 2)
  })

  it('CANARY: the next deployment goes into the other group, 5 % through its canary bake, then 100, and blue drains', async () => {
    const { service } = await c.server.ecs.send(
      new UpdateServiceCommand({
        cluster: c.name,
        service: 'web',
        taskDefinition: 'bg:2',
        deploymentConfiguration: { strategy: 'CANARY', bakeTimeInMinutes: 1, canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: 3 } },
      }),
    )
    const seen = await runToSuccess(service!.currentServiceDeployment!, 'BLUE')
    assert.ok(seen.some((l) => l.startsWith('IN_PROGRESS PRODUCTION_TRAFFIC_SHIFT 5 5/95')), seen.join('\n'))
    assert.ok(seen.some((l) => l.startsWith('IN_PROGRESS BAKE_TIME 100 100/0')), seen.join('\n'))
    assert.deepEqual(await productionWeights(), [100, 0])
    const { taskArns } = await c.server.ecs.send(new ListTasksCommand({ cluster: c.name, serviceName: 'web' }))
    const tasks = (await c.server.ecs.send(new DescribeTasksCommand({ cluster: c.name, tasks: taskArns! }))).tasks!
    assert.deepEqual(tasks.map((t) => t.taskDefinitionArn!.split('/').pop()), ['bg:2', 'bg:2'], 'only the canary revision is left')
  })

  /** Polls, a manual second each, until the service deployment satisfies `done`. */
  const drive = (sdArn: string, what: string, done: (sd: ServiceDeployment) => boolean) =>
    waitFor(
      what,
      async () => {
        h.timers.advance(1_000)
        await serveTasks()
        return h.describeServiceDeployment(sdArn)
      },
      done,
      { timeoutMs: 60_000, intervalMs: 10 },
    )

  it('StopServiceDeployment ROLLBACK during the bake: production back on blue at once, green drained, ROLLBACK_SUCCESSFUL', async () => {
    const { service } = await c.server.ecs.send(
      new UpdateServiceCommand({ cluster: c.name, service: 'web', taskDefinition: 'bg:1', deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 30 } }),
    )
    const sdArn = service!.currentServiceDeployment!
    await drive(sdArn, 'baking', (sd) => sd.lifecycleStage === 'BAKE_TIME')
    assert.deepEqual(await productionWeights(), [0, 100], 'green (the alternate this time) has production')
    await c.server.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: sdArn, stopType: 'ROLLBACK' }))
    const back = await drive(sdArn, 'rolled back', (sd) => sd.status === 'ROLLBACK_SUCCESSFUL')
    assert.deepEqual(await productionWeights(), [100, 0])
    assert.equal(back.targetServiceRevision!.requestedProductionTrafficWeight, 0)
    const { taskArns } = await c.server.ecs.send(new ListTasksCommand({ cluster: c.name, serviceName: 'web' }))
    const tasks = (await c.server.ecs.send(new DescribeTasksCommand({ cluster: c.name, tasks: taskArns! }))).tasks!
    assert.deepEqual(tasks.map((t) => t.taskDefinitionArn!.split('/').pop()), ['bg:2', 'bg:2'], 'the blue revision kept, green gone')
  })

  it('a deployment alarm that fires during the bake rolls back as StopServiceDeployment does: production back on blue at once', async () => {
    // A custom metric's alarm, judged by the alarm evaluator from the values put into the metric store.
    const errors = { namespace: 'App', metricName: 'Errors', dimensions: [] }
    await c.server.store.txn((tx) =>
      tx.alarms.put(mockAlarm({ name: 'bg-errors', ...errors, periodSeconds: 60, evaluationPeriods: 1, datapointsToAlarm: 1, threshold: 0, comparisonOperator: 'GreaterThanThreshold', treatMissingData: 'notBreaching', stateValue: 'OK', stateUpdatedAt: h.clock.now() })),
    )
    const { service } = await c.server.ecs.send(
      new UpdateServiceCommand({
        cluster: c.name,
        service: 'web',
        taskDefinition: 'bg:1',
        deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 30, alarms: { alarmNames: ['bg-errors'], enable: true, rollback: true } },
      }),
    )
    const sdArn = service!.currentServiceDeployment!
    await drive(sdArn, 'baking', (sd) => sd.lifecycleStage === 'BAKE_TIME')
    assert.deepEqual(await productionWeights(), [0, 100], 'green (the alternate again) has production')
    putValue(c.server.metrics, errors, h.clock.now(), 5)
    const back = await drive(sdArn, 'rolled back', (sd) => sd.status === 'ROLLBACK_SUCCESSFUL')
    assert.deepEqual(await productionWeights(), [100, 0])
    assert.deepEqual(back.alarms?.triggeredAlarmNames, ['bg-errors'])
    const { taskArns } = await c.server.ecs.send(new ListTasksCommand({ cluster: c.name, serviceName: 'web' }))
    const tasks = (await c.server.ecs.send(new DescribeTasksCommand({ cluster: c.name, tasks: taskArns! }))).tasks!
    assert.deepEqual(tasks.map((t) => t.taskDefinitionArn!.split('/').pop()), ['bg:2', 'bg:2'], 'the blue revision kept, green gone')
  })
})
