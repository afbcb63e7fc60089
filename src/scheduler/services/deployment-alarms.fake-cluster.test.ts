import {
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type Service,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../core/clock.js'
import { mockAlarm } from '../../testing/alarms.js'
import { awsCli, awsCliMissing } from '../../testing/server.js'
import { startFakeCluster, type FakeCluster } from '../../testing/fake-cluster.js'
import { ManualTimers } from '../../testing/timers.js'
import { waitFor } from '../../testing/wait.js'

/**
 * ECS's deployment alarms as the running scheduler keeps them, over fake hosts, time on a
 * ManualClock: the first deployment bakes for the alarm's window before it is COMPLETED; a
 * rollout whose alarm goes into ALARM during its bake (the record's state written here, as the
 * alarm evaluator would) is FAILED and rolled back, woken by the alarm's change alone.
 */
const IMAGE = (v: number) => `berth-test/alarmed:${v}`
const container = (v: number) => ({ name: 'app', image: IMAGE(v), memory: 64, portMappings: [{ containerPort: 80 }], healthCheck: { command: ['CMD', 'true'], interval: 5, timeout: 2, retries: 1 } })

describe('deployment alarms over fake hosts', () => {
  const clock = new ManualClock(Date.now())
  const timers = new ManualTimers(clock)
  let c: FakeCluster
  before(async () => {
    c = await startFakeCluster({
      hosts: 2,
      server: { clock, timers, agentSilenceTimeoutMs: 24 * 3_600_000 },
      runtime: { images: { [IMAGE(1)]: { health: 'healthy' }, [IMAGE(2)]: { health: 'healthy' } } },
    })
    await c.server.ecs.send(new RegisterTaskDefinitionCommand({ family: 'alarmed', containerDefinitions: [container(1)] }))
    await c.server.ecs.send(new RegisterTaskDefinitionCommand({ family: 'alarmed', containerDefinitions: [container(2)] }))
    await c.server.store.txn((tx) => tx.alarms.put(mockAlarm({ name: 'web-5xx', stateValue: 'OK', stateUpdatedAt: clock.now(), periodSeconds: 60, evaluationPeriods: 2 })))
  })
  after(() => c?.close())

  const ecs = () => c.server.ecs
  const describeService = async (): Promise<Service> => (await ecs().send(new DescribeServicesCommand({ cluster: c.name, services: ['web'] }))).services![0]!
  const until = (what: string, done: (s: Service) => boolean) => waitFor(what, describeService, done, { timeoutMs: 15_000, intervalMs: 20 })
  const setAlarm = (stateValue: 'OK' | 'ALARM') =>
    c.server.store.txn(async (tx) => {
      const a = (await tx.alarms.get('web-5xx'))!
      await tx.alarms.put({ ...a, stateValue, stateReason: `set by the test: ${stateValue}`, stateUpdatedAt: clock.now() })
    })

  it('bakes the first deployment, then fails and rolls back a rollout during which the alarm fires', async () => {
    const alarms = { alarmNames: ['web-5xx'], enable: true, rollback: true }
    await ecs().send(new CreateServiceCommand({ cluster: c.name, serviceName: 'web', taskDefinition: 'alarmed:1', desiredCount: 2, deploymentConfiguration: { alarms } }))

    // Running and healthy at its desired count, it bakes (IN_PROGRESS) for the alarm's window: 60 s × 2.
    const baking = await until('at desired count, baking', (s) => s.runningCount === 2 && s.deployments?.length === 1)
    assert.equal(baking.deployments![0]!.rolloutState, 'IN_PROGRESS')
    timers.advance(120_000)
    const first = await until('the first deployment COMPLETED after its bake', (s) => s.deployments?.[0]?.rolloutState === 'COMPLETED')
    const firstId = first.deployments![0]!.id!

    // A rollout to revision 2: its tasks replace the old ones, and it bakes. The alarm fires
    // during the bake, when nothing else is moving: the alarm's change alone wakes the scheduler.
    await ecs().send(new UpdateServiceCommand({ cluster: c.name, service: 'web', taskDefinition: 'alarmed:2' }))
    const rolling = await until('the rollout under way', (s) => s.deployments?.length === 2)
    const failedId = rolling.deployments![0]!.id!
    const sdArn = rolling.currentServiceDeployment!
    const baked = await until('revision 2 at its count, baking', (s) => s.deployments?.length === 1 && s.runningCount === 2 && s.pendingCount === 0)
    assert.equal(baked.deployments![0]!.rolloutState, 'IN_PROGRESS')
    clock.advance(1_000)
    await setAlarm('ALARM')

    const back = await until('failed and rolled back', (s) => s.deployments?.some((d) => d.id === failedId && d.rolloutState === 'FAILED') === true)
    assert.equal(back.deployments![0]!.id, firstId, 'the last completed deployment is PRIMARY again')
    assert.equal(back.taskDefinition, first.taskDefinition)
    const messages = back.events!.map((e) => e.message!)
    assert.ok(messages.includes(`(service web) (deployment ${failedId}) deployment failed: alarm(s) in ALARM state: web-5xx.`), messages.join('\n'))
    assert.ok(messages.includes(`(service web) rolling back to deployment ${firstId}.`), messages.join('\n'))
    const failed = back.deployments!.find((d) => d.id === failedId)!
    assert.equal(failed.rolloutStateReason, 'ECS deployment alarms: web-5xx in ALARM state.')
    const sd = (await ecs().send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [sdArn] }))).serviceDeployments![0]!
    assert.equal(sd.status, 'ROLLBACK_IN_PROGRESS')
    assert.deepEqual(sd.alarms, { status: 'TRIGGERED', alarmNames: ['web-5xx'], triggeredAlarmNames: ['web-5xx'] })

    // The rollback runs revision 1 again, is not failed by the alarm that caused it, and completes after its bake.
    await until('revision 2 gone, revision 1 at its count', (s) => s.deployments?.length === 1 && s.runningCount === 2)
    timers.advance(120_000)
    const done = await until('the rollback COMPLETED', (s) => s.deployments?.[0]?.rolloutState === 'COMPLETED')
    assert.equal(done.deployments![0]!.taskDefinition, first.taskDefinition)
  })

  it('through the aws CLI: put-metric-alarm, then set-alarm-state ALARM during a rollout\'s bake rolls it back', { skip: awsCliMissing }, async () => {
    const cli = async (...args: string[]) => {
      const r = await awsCli(c.server.endpoint, args)
      assert.equal(r.code, 0, `aws ${args.join(' ')}: ${r.stderr}`)
      return r.json as Record<string, unknown> | undefined
    }
    await cli('cloudwatch', 'put-metric-alarm', '--alarm-name', 'api-latency', '--namespace', 'AWS/ECS', '--metric-name', 'CPUUtilization',
      '--statistic', 'Average', '--period', '60', '--evaluation-periods', '1', '--threshold', '90', '--comparison-operator', 'GreaterThanThreshold')
    await cli('ecs', 'create-service', '--cluster', c.name, '--service-name', 'api', '--task-definition', 'alarmed:1', '--desired-count', '1',
      '--deployment-configuration', 'alarms={alarmNames=[api-latency],enable=true,rollback=true}')
    const describeApi = async (): Promise<Service> => (await ecs().send(new DescribeServicesCommand({ cluster: c.name, services: ['api'] }))).services![0]!
    const untilApi = (what: string, done: (s: Service) => boolean) => waitFor(what, describeApi, done, { timeoutMs: 15_000, intervalMs: 20 })
    await untilApi('api at its count', (s) => s.runningCount === 1 && s.deployments?.length === 1)
    timers.advance(60_000)
    const first = await untilApi('api COMPLETED', (s) => s.deployments?.[0]?.rolloutState === 'COMPLETED')

    await cli('ecs', 'update-service', '--cluster', c.name, '--service', 'api', '--task-definition', 'alarmed:2')
    const firstId = first.deployments![0]!.id!
    const baking = await untilApi('revision 2 baking', (s) => s.deployments?.length === 1 && s.deployments[0]!.id !== firstId && s.runningCount === 1 && s.pendingCount === 0)
    assert.equal(baking.deployments![0]!.rolloutState, 'IN_PROGRESS')
    clock.advance(1_000)
    await cli('cloudwatch', 'set-alarm-state', '--alarm-name', 'api-latency', '--state-value', 'ALARM', '--state-reason', 'latency above 90 (test)')
    const back = await untilApi('api rolled back', (s) => s.deployments?.[0]?.id === firstId)
    // The failed deployment may already be drained away (one task): its events tell.
    const messages = back.events!.map((e) => e.message!)
    assert.ok(messages.includes(`(service api) (deployment ${baking.deployments![0]!.id}) deployment failed: alarm(s) in ALARM state: api-latency.`), messages.join('\n'))
    assert.ok(messages.includes(`(service api) rolling back to deployment ${firstId}.`), messages.join('\n'))
  })
})
