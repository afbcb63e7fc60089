import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AlarmRecord } from '../core/model/alarm.js'
import type { ScalableTargetRecord, ScalingActivityRecord, ScalingPolicyRecord } from '../core/model/scaling.js'
import { mockAlarm } from '../testing/alarms.js'
import { decide, type DecideInput, type Decision } from './decide.js'

const T0 = Date.UTC(2026, 0, 1)
const UUID = '11111111-2222-3333-4444-555555555555'
const HIGH = `TargetTracking-service/default/web-AlarmHigh-${UUID}`
const LOW = `TargetTracking-service/default/web-AlarmLow-${UUID}`

const target = (over: Partial<ScalableTargetRecord> = {}): ScalableTargetRecord => ({
  resourceId: 'service/default/web',
  arn: 'arn:aws:application-autoscaling:us-east-1:000000000000:scalable-target/x',
  clusterName: 'default',
  serviceName: 'web',
  minCapacity: 1,
  maxCapacity: 10,
  roleArn: 'role',
  suspended: { dynamicScalingIn: false, dynamicScalingOut: false, scheduledScaling: false },
  createdAt: T0,
  ...over,
})

const tracking = (over: Partial<Extract<ScalingPolicyRecord, { type: 'TargetTrackingScaling' }>> = {}): ScalingPolicyRecord => ({
  type: 'TargetTrackingScaling',
  arn: 'arn:policy/cpu50',
  name: 'cpu50',
  resourceId: 'service/default/web',
  createdAt: T0,
  alarms: [],
  targetValue: 50,
  disableScaleIn: false,
  ...over,
})

const step: ScalingPolicyRecord = {
  type: 'StepScaling',
  arn: 'arn:policy/step',
  name: 'step',
  resourceId: 'service/default/web',
  createdAt: T0,
  alarms: [],
  config: {
    AdjustmentType: 'ChangeInCapacity',
    Cooldown: 60,
    StepAdjustments: [
      { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 20, ScalingAdjustment: 1 },
      { MetricIntervalLowerBound: 20, ScalingAdjustment: 3 },
    ],
  },
}

const alarm = (name: string, state: AlarmRecord['stateValue'], over: Partial<AlarmRecord> = {}) => mockAlarm({ name, stateValue: state, ...over })
const activity = (secondsAgo: number, change: number, over: Partial<ScalingActivityRecord> = {}): ScalingActivityRecord => ({
  id: `a${secondsAgo}`,
  resourceId: 'service/default/web',
  description: '',
  cause: '',
  startTime: T0 - secondsAgo * 1000,
  statusCode: 'Successful',
  change,
  ...over,
})

const input = (over: Partial<DecideInput>): DecideInput => ({ target: target(), desired: 2, policies: [], activities: [], now: T0, ...over })
const tt = (high: [AlarmRecord['stateValue'], number?], low: [AlarmRecord['stateValue'], number?], policy = tracking()) => ({
  policy,
  alarms: [
    { alarm: alarm(HIGH, high[0]), metric: high[1] },
    { alarm: alarm(LOW, low[0]), metric: low[1] },
  ],
})
const summary = (d: Decision | undefined) =>
  d === undefined ? 'nothing' : d.kind === 'scale' ? `scale to ${d.to}` : `not scaled: ${d.reason.Code}`

describe('dynamic scaling decisions', () => {
  const cases: [name: string, input: DecideInput, want: string][] = [
    ['AlarmHigh at 80 % of 50: 2 → 4', input({ policies: [tt(['ALARM', 80], ['OK'])] }), 'scale to 4'],
    ['AlarmHigh without a datapoint waits', input({ policies: [tt(['ALARM'], ['OK'])] }), 'nothing'],
    ['both OK: nothing', input({ policies: [tt(['OK', 80], ['OK', 10])] }), 'nothing'],
    ['AlarmLow at 20 %: 4 → 2', input({ desired: 4, policies: [tt(['OK'], ['ALARM', 20])] }), 'scale to 2'],
    ['AlarmLow with scale-in disabled: nothing', input({ desired: 4, policies: [tt(['OK'], ['ALARM', 20], tracking({ disableScaleIn: true }))] }), 'nothing'],
    ['scale-out clamped to max 3', input({ target: target({ maxCapacity: 3 }), policies: [tt(['ALARM', 100], ['OK'])] }), 'scale to 3'],
    ['already at max: not scaled', input({ target: target({ maxCapacity: 2 }), policies: [tt(['ALARM', 100], ['OK'])] }), 'not scaled: AlreadyAtMaxCapacity'],
    ['scale-in clamped to min 3', input({ desired: 6, target: target({ minCapacity: 3 }), policies: [tt(['OK'], ['ALARM', 5])] }), 'scale to 3'],
    ['already at min: not scaled', input({ desired: 2, target: target({ minCapacity: 2 }), policies: [tt(['OK'], ['ALARM', 5])] }), 'not scaled: AlreadyAtMinCapacity'],
    ['scale-out suspended', input({ target: target({ suspended: { dynamicScalingIn: false, dynamicScalingOut: true, scheduledScaling: false } }), policies: [tt(['ALARM', 80], ['OK'])] }), 'nothing'],
    ['scale-in suspended', input({ desired: 4, target: target({ suspended: { dynamicScalingIn: true, dynamicScalingOut: false, scheduledScaling: false } }), policies: [tt(['OK'], ['ALARM', 20])] }), 'nothing'],
    ['scale-out cooldown (300 s) holds 100 s after a scale-out', input({ activities: [activity(100, 1)], policies: [tt(['ALARM', 80], ['OK'])] }), 'nothing'],
    ['scale-out cooldown over after 300 s', input({ activities: [activity(300, 1)], policies: [tt(['ALARM', 80], ['OK'])] }), 'scale to 4'],
    ['a scale-in does not hold a scale-out back', input({ activities: [activity(10, -1)], policies: [tt(['ALARM', 80], ['OK'])] }), 'scale to 4'],
    ['scale-in cooldown holds after a scale-out', input({ desired: 4, activities: [activity(100, 2)], policies: [tt(['OK'], ['ALARM', 20])] }), 'nothing'],
    ['scale-in cooldown of 60 s is over after 60 s', input({ desired: 4, activities: [activity(60, 2)], policies: [tt(['OK'], ['ALARM', 20], tracking({ scaleInCooldown: 60 }))] }), 'scale to 2'],
    ['a not-scaled activity starts no cooldown', input({ activities: [activity(10, 0, { statusCode: 'Failed', notScaledReasons: [{ Code: 'AlreadyAtMaxCapacity' }] })], policies: [tt(['ALARM', 80], ['OK'])] }), 'scale to 4'],
    [
      'two policies: the larger scale-out wins',
      input({ policies: [tt(['ALARM', 60], ['OK']), tt(['ALARM', 150], ['OK'], tracking({ name: 'mem', arn: 'arn:policy/mem' }))] }),
      'scale to 6',
    ],
    [
      'two policies: one wants out, one in: out wins',
      input({ desired: 4, policies: [tt(['OK'], ['ALARM', 10]), tt(['ALARM', 75], ['OK'], tracking({ name: 'mem', arn: 'arn:policy/mem' }))] }),
      'scale to 6',
    ],
    ['step: breach 10 over threshold 50 adds 1', input({ policies: [{ policy: step, alarms: [{ alarm: alarm('hi', 'ALARM', { threshold: 50 }), metric: 60 }] }] }), 'scale to 3'],
    ['step: breach 30 adds 3', input({ policies: [{ policy: step, alarms: [{ alarm: alarm('hi', 'ALARM', { threshold: 50 }), metric: 80 }] }] }), 'scale to 5'],
    ['step: an alarm with actions disabled does nothing', input({ policies: [{ policy: step, alarms: [{ alarm: alarm('hi', 'ALARM', { threshold: 50, actionsEnabled: false }), metric: 80 }] }] }), 'nothing'],
    [
      'step: its own cooldown (60 s) holds',
      input({ activities: [activity(30, 1, { source: { kind: 'policy', name: 'step' } })], policies: [{ policy: step, alarms: [{ alarm: alarm('hi', 'ALARM', { threshold: 50 }), metric: 80 }] }] }),
      'nothing',
    ],
    [
      'step: another policy\'s scaling does not hold it',
      input({ activities: [activity(30, 1, { source: { kind: 'policy', name: 'cpu50' } })], policies: [{ policy: step, alarms: [{ alarm: alarm('hi', 'ALARM', { threshold: 50 }), metric: 80 }] }] }),
      'scale to 5',
    ],
  ]
  for (const [name, i, want] of cases) it(name, () => assert.equal(summary(decide(i).decision), want))

  it('says "not scaled" once while the alarm stays in ALARM', () => {
    const i = input({ target: target({ maxCapacity: 2 }), policies: [tt(['ALARM', 100], ['OK'])] })
    const first = decide(i).decision!
    assert.equal(first.kind, 'not-scaled')
    const said = activity(60, 0, { cause: first.cause, statusCode: 'Failed', notScaledReasons: [{ Code: 'AlreadyAtMaxCapacity' }] })
    assert.equal(decide({ ...i, activities: [said] }).decision, undefined)
  })

  it('names the alarm and the policy in the cause, as AWS does', () => {
    const d = decide(input({ policies: [tt(['ALARM', 80], ['OK'])] })).decision!
    assert.equal(d.cause, `monitor alarm ${HIGH} in state ALARM triggered policy cpu50`)
  })

  it('wakes when a cooldown that held a scaling ends', () => {
    const r = decide(input({ activities: [activity(100, 1)], policies: [tt(['ALARM', 80], ['OK'])] }))
    assert.equal(r.wakeAt, T0 + 200_000)
  })
})
