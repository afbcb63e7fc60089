import { CreateServiceCommand, DescribeServicesCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../core/clock.js'
import type { AlarmRecord } from '../core/model/alarm.js'
import { metricId, single } from '../metrics/metric-store.js'
import { mockAlarm } from '../testing/alarms.js'
import { testMetricStore } from '../testing/metric-stores.js'
import { setUpServiceCluster } from '../testing/services.js'
import { startTestServer, type TestServer } from '../testing/server.js'
import { ManualTimers } from '../testing/timers.js'
import { waitFor } from '../testing/wait.js'

type Json = Record<string, unknown>
const REF = { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount', ResourceId: 'service/aas-scaler/web' }
const LOAD = metricId('App', 'Load', [{ name: 'Service', value: 'web' }])

/**
 * The scaler end to end in process: the API, the store and the controllers with a ManualClock
 * and ManualTimers. A customized metric's values go straight into the metric store; the alarm
 * evaluator judges target tracking's alarms from them (a step alarm's state is set by hand).
 */
describe('the scaler follows target tracking out and back in', () => {
  const clock = new ManualClock(Date.UTC(2026, 5, 1, 12))
  const timers = new ManualTimers(clock)
  const metrics = testMetricStore(clock)
  let t: TestServer
  before(async () => {
    t = await startTestServer({ clock, timers, metrics, scalingPeriodSeconds: 10 })
    await setUpServiceCluster(t.ecs, 'aas-scaler')
    await t.ecs.send(new CreateServiceCommand({ cluster: 'aas-scaler', serviceName: 'web', taskDefinition: 'web', desiredCount: 1 }))
  })
  after(() => t.close())

  const aas = async (op: string, body: Json): Promise<Json> => {
    const res = await fetch(t.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AnyScaleFrontendService.${op}` },
      body: JSON.stringify(body),
    })
    const json = (await res.json()) as Json
    assert.equal(res.status, 200, JSON.stringify(json))
    return json
  }
  const desired = async () => (await t.ecs.send(new DescribeServicesCommand({ cluster: 'aas-scaler', services: ['web'] }))).services![0]!.desiredCount
  const setState = (name: string, stateValue: AlarmRecord['stateValue']) =>
    t.store.txn(async (tx) => {
      const a = await tx.alarms.get(name)
      await tx.alarms.put({ ...a!, stateValue, stateReason: `set by the test: ${stateValue}`, stateUpdatedAt: clock.now() })
    })
  const load = (value: number) => metrics.put([{ metric: LOAD, timestamp: clock.now(), values: single(value), storageResolution: 60 }])
  /** One value in each of the next `periods` 10-second periods, the clock moved past each (and past the evaluator's settling). */
  const loadFor = async (periods: number, value: number) => {
    for (let i = 0; i <= periods; i++) {
      load(value)
      timers.advance(10_000)
    }
    timers.advance(2_500)
  }
  const stateOf = async (name: string) => (await t.store.read((tx) => tx.alarms.get(name)))?.stateValue

  it('scales out on AlarmHigh, then in on AlarmLow after the scale-in cooldown, with activities and service events', async () => {
    await aas('RegisterScalableTarget', { ...REF, MinCapacity: 1, MaxCapacity: 5 })
    const put = await aas('PutScalingPolicy', {
      ...REF,
      PolicyName: 'load50',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 50,
        CustomizedMetricSpecification: { Namespace: 'App', MetricName: 'Load', Dimensions: [{ Name: 'Service', Value: 'web' }], Statistic: 'Average' },
        ScaleOutCooldown: 60,
        ScaleInCooldown: 120,
      },
    })
    const [high, low] = (put['Alarms'] as { AlarmName: string }[]).map((a) => a.AlarmName) as [string, string]
    const stored = await t.store.read((tx) => tx.alarms.get(high))
    assert.equal(stored?.periodSeconds, 10, 'the compressed period')

    // Load 150 against a target of 50 for AlarmHigh's 3 periods: the evaluator sets it ALARM,
    // and 1 task becomes ceil(1 × 150 / 50) = 3.
    await loadFor(3, 150)
    await waitFor('AlarmHigh in ALARM', () => stateOf(high), (s) => s === 'ALARM')
    await waitFor('scale-out to 3', desired, (n) => n === 3)

    // Load falls to 20 for AlarmLow's 15 periods (150 s: past the 120 s scale-in cooldown):
    // AlarmHigh goes OK, AlarmLow ALARM, and 3 tasks become ceil(3 × 20 / 50) = 2.
    await loadFor(15, 20)
    await waitFor('AlarmLow in ALARM', () => stateOf(low), (s) => s === 'ALARM')
    await waitFor('scale-in to 2', desired, (n) => n === 2)

    const activities = (await aas('DescribeScalingActivities', { ServiceNamespace: 'ecs', ResourceId: REF.ResourceId }))['ScalingActivities'] as Json[]
    assert.deepEqual(
      activities.map((a) => [a['Description'], a['Cause'], a['StatusCode']]),
      [
        ['Setting desired count to 2.', `monitor alarm ${low} in state ALARM triggered policy load50`, 'Successful'],
        ['Setting desired count to 3.', `monitor alarm ${high} in state ALARM triggered policy load50`, 'Successful'],
      ],
    )
    assert.equal(activities[1]!['StatusMessage'], 'Successfully set desired count to 3. Change successfully fulfilled by ecs.')
    const events = (await t.ecs.send(new DescribeServicesCommand({ cluster: 'aas-scaler', services: ['web'] }))).services![0]!.events!.map((e) => e.message)
    assert.ok(events.some((m) => m?.startsWith('(service web) desired count changed from 1 to 3 by Application Auto Scaling')), JSON.stringify(events))
    assert.ok(events.some((m) => m?.startsWith('(service web) desired count changed from 3 to 2 by Application Auto Scaling')), JSON.stringify(events))
  })

  it('a scheduled action sets min and max, and the desired count follows into the range', async () => {
    await aas('PutScheduledAction', { ...REF, ScheduledActionName: 'peak', Schedule: 'rate(5 minutes)', ScalableTargetAction: { MinCapacity: 4, MaxCapacity: 5 } })
    timers.advance(300_000)
    await waitFor('desired raised to the new minimum', desired, (n) => n === 4)
    const target = ((await aas('DescribeScalableTargets', { ServiceNamespace: 'ecs' }))['ScalableTargets'] as Json[])[0]!
    assert.equal(target['MinCapacity'], 4)
    const activities = (await aas('DescribeScalingActivities', { ServiceNamespace: 'ecs' }))['ScalingActivities'] as Json[]
    const causes = activities.map((a) => `${a['Description']} / ${a['Cause']}`)
    assert.ok(causes.includes('Setting min capacity to 4 and max capacity to 5 / scheduled action name peak was triggered'), JSON.stringify(causes))
    assert.ok(causes.includes('Setting desired count to 4. / minimum capacity was set to 4'), JSON.stringify(causes))
  })

  it('records a not-scaled activity at max capacity, shown only with IncludeNotScaledActivities', async () => {
    await aas('DeleteScheduledAction', { ...REF, ScheduledActionName: 'peak' })
    const policy = ((await aas('DescribeScalingPolicies', { ServiceNamespace: 'ecs' }))['ScalingPolicies'] as Json[])[0]!
    const [high, low] = (policy['Alarms'] as { AlarmName: string }[]).map((a) => a.AlarmName) as [string, string]
    await setState(low, 'OK')
    await aas('RegisterScalableTarget', { ...REF, MaxCapacity: 4 })
    timers.advance(600_000)
    load(500)
    await setState(high, 'ALARM')
    const withNotScaled = async () =>
      (await aas('DescribeScalingActivities', { ServiceNamespace: 'ecs', IncludeNotScaledActivities: true }))['ScalingActivities'] as Json[]
    const all = await waitFor('a not-scaled activity', withNotScaled, (as) => as.some((a) => a['NotScaledReasons'] !== undefined))
    assert.deepEqual(all[0]!['NotScaledReasons'], [{ Code: 'AlreadyAtMaxCapacity', MaxCapacity: 4, CurrentCapacity: 4 }])
    const plain = (await aas('DescribeScalingActivities', { ServiceNamespace: 'ecs' }))['ScalingActivities'] as Json[]
    assert.ok(plain.every((a) => a['NotScaledReasons'] === undefined))
    assert.equal(await desired(), 4)
  })

  it("a step policy fires from a user's alarm that names it, by the step the breach falls in", async () => {
    await aas('DeleteScalingPolicy', { ...REF, PolicyName: 'load50' })
    await aas('RegisterScalableTarget', { ...REF, MinCapacity: 1, MaxCapacity: 10 })
    const put = await aas('PutScalingPolicy', {
      ...REF,
      PolicyName: 'queue-steps',
      PolicyType: 'StepScaling',
      StepScalingPolicyConfiguration: {
        AdjustmentType: 'ChangeInCapacity',
        Cooldown: 60,
        StepAdjustments: [
          { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 100, ScalingAdjustment: 1 },
          { MetricIntervalLowerBound: 100, ScalingAdjustment: 3 },
        ],
      },
    })
    const policyArn = put['PolicyARN'] as string
    const queue = metricId('App', 'Queue')
    metrics.put([{ metric: queue, timestamp: clock.now(), values: single(250), storageResolution: 60 }])
    // As PutMetricAlarm would store it, already evaluated to ALARM: 250 is 150 over 100.
    await t.store.txn((tx) =>
      tx.alarms.put(mockAlarm({ name: 'queue-high', namespace: 'App', metricName: 'Queue', threshold: 100, alarmActions: [policyArn], stateValue: 'ALARM', stateUpdatedAt: clock.now() })),
    )
    await waitFor('the 100+ step: 4 → 7', desired, (n) => n === 7)
    const shown = ((await aas('DescribeScalingPolicies', { ServiceNamespace: 'ecs', PolicyNames: ['queue-steps'] }))['ScalingPolicies'] as Json[])[0]!
    assert.deepEqual((shown['Alarms'] as Json[]).map((a) => a['AlarmName']), ['queue-high'])
    const newest = ((await aas('DescribeScalingActivities', { ServiceNamespace: 'ecs' }))['ScalingActivities'] as Json[])[0]!
    assert.equal(newest['Cause'], 'monitor alarm queue-high in state ALARM triggered policy queue-steps')
  })
})
