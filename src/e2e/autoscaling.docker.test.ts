import { CreateServiceCommand, DescribeServicesCommand, ListTasksCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { parseExposition } from '../prometheus/parse-text.js'
import { startTestCluster, type TestCluster } from '../testing/cluster.js'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../testing/images.js'
import { awsJson } from '../testing/server.js'
import { waitFor } from '../testing/wait.js'

/**
 * Application Auto Scaling moving a service's real containers, every step through the aws CLI:
 * target tracking on the service's measured CPU (the agent's Docker stats → AWS/ECS
 * CPUUtilization → the policy's own alarms, judged by the alarm evaluator) scales out while
 * the containers burn CPU and back in once they stop; a new minimum raises the service; a step
 * policy fires from a CloudWatch alarm on a custom metric; a lower maximum takes tasks away.
 * The server runs with --scaling-period 10 (target tracking's alarms judge 10-second periods).
 * Instance on 127.0.18.2.
 */
const REF = ['--service-namespace', 'ecs', '--scalable-dimension', 'ecs:service:DesiredCount']
/**
 * Burns about a fifth of a core (20,000 shell additions, then 0.1 s asleep) while /ctl/burn
 * exists, else idles: above 50 % of a 256-unit reservation, without taking the machine.
 */
const BURN = 'while :; do if [ -e /ctl/burn ]; then i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; sleep 0.1; else sleep 1; fi; done'
const docker = await connectTestEngine()
describe('auto scaling real containers', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  let c: TestCluster
  const ctl = mkdtempSync(join(tmpdir(), 'berth-e2e-burn-'))
  before(async () => {
    if (docker.skip !== undefined) return
    await ensureTestImages(docker.runtime.client)
    c = await startTestCluster({ runtime: docker.runtime, bindIps: ['127.0.18.2'], server: { scalingPeriodSeconds: 10 } })
    await c.addAgent('127.0.18.2')
  })
  after(async () => {
    await c?.close()
    if (docker.skip === undefined) docker.runtime.close()
    rmSync(ctl, { recursive: true, force: true })
  })

  const running = async (service: string) =>
    (await c.server.ecs.send(new ListTasksCommand({ cluster: c.name, serviceName: service, desiredStatus: 'RUNNING' }))).taskArns!.length
  const untilRunning = async (service: string, n: number) => {
    // RUNNING as the agent reports it, not only desired.
    await waitFor(
      `${n} tasks of ${service} running`,
      async () => {
        const tasks = await c.server.store.read((tx) => tx.tasks.inGroup(c.server.arns.cluster(c.name), `service:${service}`))
        return tasks.filter((t) => t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING').length
      },
      (count) => count === n,
      { timeoutMs: 120_000, intervalMs: 250 },
    )
    assert.equal(await running(service), n)
  }
  const cli = async (service: string, ...args: string[]): Promise<Record<string, unknown> | undefined> => awsJson(c.server.endpoint, [service, ...args])
  const aas = (...args: string[]) => cli('application-autoscaling', ...args)
  const activitiesOf = async (service: string) =>
    ((await aas('describe-scaling-activities', '--service-namespace', 'ecs', '--resource-id', `service/${c.name}/${service}`))!['ScalingActivities'] as {
      Description: string
      Cause: string
    }[]).map((a) => `${a.Description} / ${a.Cause}`)
  const desired = async (service: string) =>
    (await c.server.ecs.send(new DescribeServicesCommand({ cluster: c.name, services: [service] }))).services![0]!

  it('target tracking at 50 % CPU scales out while the containers burn and back in when they stop', async () => {
    await c.server.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'aas-burn',
        containerDefinitions: [
          { name: 'burn', image: TEST_IMAGES.busybox, cpu: 256, memory: 32, command: ['sh', '-c', BURN], mountPoints: [{ sourceVolume: 'ctl', containerPath: '/ctl' }] },
        ],
        volumes: [{ name: 'ctl', host: { sourcePath: ctl } }],
      }),
    )
    await c.server.ecs.send(new CreateServiceCommand({ cluster: c.name, serviceName: 'aas-burn', taskDefinition: 'aas-burn', desiredCount: 1 }))
    await untilRunning('aas-burn', 1)
    const resource = ['--resource-id', `service/${c.name}/aas-burn`]
    await aas('register-scalable-target', ...REF, ...resource, '--min-capacity', '1', '--max-capacity', '3')
    const policy = await aas('put-scaling-policy', ...REF, ...resource, '--policy-name', 'cpu50', '--policy-type', 'TargetTrackingScaling',
      '--target-tracking-scaling-policy-configuration',
      JSON.stringify({ TargetValue: 50, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, ScaleOutCooldown: 10, ScaleInCooldown: 10 }))
    const [high, low] = (policy!['Alarms'] as { AlarmName: string }[]).map((a) => a.AlarmName)
    assert.match(high!, new RegExp(`^TargetTracking-service/${c.name}/aas-burn-AlarmHigh-`))
    assert.match(low!, new RegExp(`^TargetTracking-service/${c.name}/aas-burn-AlarmLow-`))

    writeFileSync(join(ctl, 'burn'), '')
    await waitFor('scale-out to the maximum', () => desired('aas-burn'), (s) => s.desiredCount === 3, { timeoutMs: 180_000, intervalMs: 500 })
    await untilRunning('aas-burn', 3)
    const out = await activitiesOf('aas-burn')
    assert.ok(out.some((a) => a.endsWith(`monitor alarm ${high} in state ALARM triggered policy cpu50`)), out.join('\n'))

    // What the policy saw, through CloudWatch's API and Prometheus: the service above its target.
    const now = Date.now()
    const stats = await cli('cloudwatch', 'get-metric-statistics', '--namespace', 'AWS/ECS', '--metric-name', 'CPUUtilization',
      '--dimensions', `Name=ClusterName,Value=${c.name}`, 'Name=ServiceName,Value=aas-burn',
      '--start-time', new Date(now - 600_000).toISOString(), '--end-time', new Date(now + 60_000).toISOString(), '--period', '60', '--statistics', 'Maximum')
    const highest = Math.max(...(stats!['Datapoints'] as { Maximum: number }[]).map((d) => d.Maximum))
    assert.ok(highest > 50, `CPUUtilization maximum ${highest}`)
    const scrape = parseExposition(await (await fetch(`${c.server.endpoint}/metrics`)).text())
    const ratio = scrape.samples.find((s) => s.name === 'berth_service_cpu_utilization_ratio' && s.labels['service'] === 'aas-burn')
    assert.ok(ratio !== undefined && ratio.value > 0, `berth_service_cpu_utilization_ratio ${JSON.stringify(ratio)}`)

    rmSync(join(ctl, 'burn'))
    // AlarmLow wants 15 periods (150 s) under 45 %: then back towards the minimum.
    await waitFor('scale-in to the minimum', () => desired('aas-burn'), (s) => s.desiredCount === 1, { timeoutMs: 300_000, intervalMs: 1_000 })
    await untilRunning('aas-burn', 1)
    const all = await activitiesOf('aas-burn')
    assert.ok(all.some((a) => a.endsWith(`monitor alarm ${low} in state ALARM triggered policy cpu50`)), all.join('\n'))
    const events = (await desired('aas-burn')).events!.map((e) => e.message!)
    assert.ok(events.some((m) => / desired count changed from [12] to 3 by Application Auto Scaling: monitor alarm \S+-AlarmHigh-/.test(m)), events.join('\n'))
    assert.ok(events.some((m) => / desired count changed from [23] to 1 by Application Auto Scaling: monitor alarm \S+-AlarmLow-/.test(m)), events.join('\n'))
  })

  it('a new minimum, a step policy fired by an alarm and a lower maximum move the running containers', async () => {
    await c.server.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'aas-sleep',
        containerDefinitions: [{ name: 'sleep', image: TEST_IMAGES.busybox, memory: 32, command: ['sleep', '3600'] }],
      }),
    )
    await c.server.ecs.send(new CreateServiceCommand({ cluster: c.name, serviceName: 'aas-sleep', taskDefinition: 'aas-sleep', desiredCount: 1 }))
    await untilRunning('aas-sleep', 1)
    const resource = ['--resource-id', `service/${c.name}/aas-sleep`]

    await aas('register-scalable-target', ...REF, ...resource, '--min-capacity', '2', '--max-capacity', '5')
    await untilRunning('aas-sleep', 2)

    const put = await aas('put-scaling-policy', ...REF, ...resource, '--policy-name', 'backlog', '--policy-type', 'StepScaling',
      '--step-scaling-policy-configuration', JSON.stringify({ AdjustmentType: 'ChangeInCapacity', Cooldown: 300, StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 2 }] }))
    await cli('cloudwatch', 'put-metric-data', '--namespace', 'App', '--metric-name', 'Backlog', '--value', '30')
    await cli('cloudwatch', 'put-metric-alarm', '--alarm-name', 'backlog-high', '--namespace', 'App', '--metric-name', 'Backlog', '--statistic', 'Average',
      '--period', '60', '--evaluation-periods', '1', '--threshold', '10', '--comparison-operator', 'GreaterThanThreshold', '--alarm-actions', put!['PolicyARN'] as string)
    // The data says ALARM too; set-alarm-state only spares the wait for the minute's boundary.
    await cli('cloudwatch', 'set-alarm-state', '--alarm-name', 'backlog-high', '--state-value', 'ALARM', '--state-reason', 'backlog above 10')
    await untilRunning('aas-sleep', 4)

    await aas('register-scalable-target', ...REF, ...resource, '--max-capacity', '1', '--min-capacity', '1')
    await untilRunning('aas-sleep', 1)

    assert.deepEqual(await activitiesOf('aas-sleep'), [
      'Setting desired count to 1. / maximum capacity was set to 1',
      'Setting desired count to 4. / monitor alarm backlog-high in state ALARM triggered policy backlog',
      'Setting desired count to 2. / minimum capacity was set to 2',
    ])
  })
})
