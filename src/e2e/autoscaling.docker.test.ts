import { CreateServiceCommand, ListTasksCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { metricId, single } from '../metrics/metric-store.js'
import { TestMetrics } from '../testing/autoscaling-test-metrics.js'
import { mockAlarm } from '../testing/alarms.js'
import { startTestCluster, type TestCluster } from '../testing/cluster.js'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../testing/images.js'
import { awsCli } from '../testing/server.js'
import { waitFor } from '../testing/wait.js'

/**
 * Application Auto Scaling moving a service's real containers: a new minimum raises the
 * service to it, a step policy fired by an alarm adds tasks, a lower maximum takes them away,
 * each through the aws CLI. The alarm's state is set in the store as the evaluator would (the
 * evaluator is on another branch). Instance on 127.0.18.2.
 */
const REF = ['--service-namespace', 'ecs', '--scalable-dimension', 'ecs:service:DesiredCount']
const docker = await connectTestEngine()
describe('auto scaling real containers', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  const metrics = new TestMetrics()
  let c: TestCluster
  before(async () => {
    if (docker.skip !== undefined) return
    await ensureTestImages(docker.runtime.client)
    c = await startTestCluster({ runtime: docker.runtime, bindIps: ['127.0.18.2'], server: { metrics } })
    await c.addAgent('127.0.18.2')
  })
  after(async () => {
    await c?.close()
    if (docker.skip === undefined) docker.runtime.close()
  })

  const running = async () =>
    (await c.server.ecs.send(new ListTasksCommand({ cluster: c.name, serviceName: 'aas-sleep', desiredStatus: 'RUNNING' }))).taskArns!.length
  const untilRunning = async (n: number) => {
    // RUNNING as the agent reports it, not only desired.
    await waitFor(`${n} tasks running`, async () => {
      const tasks = await c.server.store.read((tx) => tx.tasks.inGroup(c.server.arns.cluster(c.name), 'service:aas-sleep'))
      return tasks.filter((t) => t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING').length
    }, (count) => count === n, { timeoutMs: 90_000, intervalMs: 250 })
    assert.equal(await running(), n)
  }
  const aas = async (...args: string[]) => {
    const r = await awsCli(c.server.endpoint, ['application-autoscaling', ...args])
    assert.equal(r.code, 0, r.stderr)
    return r.json as Record<string, unknown> | undefined
  }

  it('a new minimum, a step policy and a lower maximum move the running containers', async () => {
    await c.server.ecs.send(new RegisterTaskDefinitionCommand({
      family: 'aas-sleep',
      containerDefinitions: [{ name: 'sleep', image: TEST_IMAGES.busybox, memory: 32, command: ['sleep', '3600'] }],
    }))
    await c.server.ecs.send(new CreateServiceCommand({ cluster: c.name, serviceName: 'aas-sleep', taskDefinition: 'aas-sleep', desiredCount: 1 }))
    await untilRunning(1)

    await aas('register-scalable-target', ...REF, '--resource-id', `service/${c.name}/aas-sleep`, '--min-capacity', '2', '--max-capacity', '5')
    await untilRunning(2)

    const put = await aas('put-scaling-policy', ...REF, '--resource-id', `service/${c.name}/aas-sleep`, '--policy-name', 'backlog', '--policy-type', 'StepScaling',
      '--step-scaling-policy-configuration', JSON.stringify({ AdjustmentType: 'ChangeInCapacity', Cooldown: 300, StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 2 }] }))
    metrics.put([{ metric: metricId('App', 'Backlog'), timestamp: Date.now(), values: single(30), storageResolution: 60 }])
    await c.server.store.txn((tx) =>
      tx.alarms.put(mockAlarm({ name: 'backlog-high', namespace: 'App', metricName: 'Backlog', threshold: 10, alarmActions: [put!['PolicyARN'] as string], stateValue: 'ALARM', stateUpdatedAt: Date.now() })),
    )
    await untilRunning(4)

    await aas('register-scalable-target', ...REF, '--resource-id', `service/${c.name}/aas-sleep`, '--max-capacity', '1', '--min-capacity', '1')
    await untilRunning(1)

    const activities = (await aas('describe-scaling-activities', '--service-namespace', 'ecs'))!['ScalingActivities'] as { Description: string; Cause: string }[]
    assert.deepEqual(activities.map((a) => `${a.Description} / ${a.Cause}`), [
      'Setting desired count to 1. / maximum capacity was set to 1',
      'Setting desired count to 4. / monitor alarm backlog-high in state ALARM triggered policy backlog',
      'Setting desired count to 2. / minimum capacity was set to 2',
    ])
  })
})
