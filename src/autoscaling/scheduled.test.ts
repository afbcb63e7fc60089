import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ScalableTargetRecord, ScalingActivityRecord, ScheduledActionRecord } from '../core/model/scaling.js'
import { dueScheduledAction } from './scheduled.js'

const T0 = Date.parse('2026-03-02T00:00:00Z')
const min = 60_000
const target: ScalableTargetRecord = {
  resourceId: 'service/default/web',
  arn: 'arn',
  clusterName: 'default',
  serviceName: 'web',
  minCapacity: 1,
  maxCapacity: 4,
  roleArn: 'role',
  suspended: { dynamicScalingIn: false, dynamicScalingOut: false, scheduledScaling: false },
  createdAt: T0,
}
const action = (name: string, schedule: string, over: Partial<ScheduledActionRecord> = {}): ScheduledActionRecord => ({
  name,
  arn: `arn:${name}`,
  resourceId: 'service/default/web',
  schedule,
  minCapacity: 2,
  createdAt: T0,
  ...over,
})
const ran = (name: string, at: number): ScalingActivityRecord => ({
  id: name + at,
  resourceId: 'service/default/web',
  description: '',
  cause: '',
  startTime: at,
  statusCode: 'Successful',
  change: 0,
  source: { kind: 'scheduled', name },
})

describe('which scheduled action is due', () => {
  const cases: [name: string, actions: ScheduledActionRecord[], activities: ScalingActivityRecord[], now: number, due: string | undefined, wakeAt?: number][] = [
    ['rate(5 minutes) before its first run', [action('r', 'rate(5 minutes)')], [], T0 + 4 * min, undefined, T0 + 5 * min],
    ['rate(5 minutes) at its first run', [action('r', 'rate(5 minutes)')], [], T0 + 5 * min, 'r'],
    ['rate(5 minutes) after running at 5', [action('r', 'rate(5 minutes)')], [ran('r', T0 + 5 * min)], T0 + 7 * min, undefined, T0 + 10 * min],
    ['at() in the past when created never runs', [action('a', 'at(2026-03-01T00:00:00)')], [], T0 + min, undefined],
    ['at() once due', [action('a', 'at(2026-03-02T00:10:00)')], [], T0 + 10 * min, 'a'],
    ['at() after it ran', [action('a', 'at(2026-03-02T00:10:00)')], [ran('a', T0 + 10 * min)], T0 + 20 * min, undefined],
    ['StartTime holds a rate back', [action('r', 'rate(1 minute)', { startTime: T0 + 30 * min })], [], T0 + 10 * min, undefined, T0 + 30 * min],
    ['EndTime ends a rate', [action('r', 'rate(1 minute)', { endTime: T0 + 2 * min })], [ran('r', T0 + 2 * min)], T0 + 10 * min, undefined],
    ['the earlier of two due runs first', [action('b', 'at(2026-03-02T00:02:00)'), action('c', 'at(2026-03-02T00:01:00)')], [], T0 + 5 * min, 'c'],
    ['cron in a timezone', [action('n', 'cron(0 1 * * ? *)', { timezone: 'Europe/Paris' })], [], T0 + 61 * min, undefined, T0 + 24 * 60 * min],
  ]
  for (const [name, actions, activities, now, due, wakeAt] of cases) {
    it(name, () => {
      const r = dueScheduledAction(target, actions, activities, now)
      assert.equal(r.due?.name, due)
      if (wakeAt !== undefined) assert.equal(r.wakeAt, wakeAt)
    })
  }
  it('nothing runs while scheduled scaling is suspended', () => {
    const suspended = { ...target, suspended: { ...target.suspended, scheduledScaling: true } }
    assert.equal(dueScheduledAction(suspended, [action('r', 'rate(5 minutes)')], [], T0 + 5 * min).due, undefined)
  })
})
