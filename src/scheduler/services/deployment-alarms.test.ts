import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AlarmRecord } from '../../core/model/alarm.js'
import { mockAlarm } from '../../testing/alarms.js'
import { deploymentAlarmVerdict, type AlarmVerdict } from './deployment-alarms.js'

const STARTED = Date.UTC(2026, 0, 1, 12)
const alarm = (name: string, over: Partial<AlarmRecord> = {}) => mockAlarm({ name, stateValue: 'OK', stateUpdatedAt: STARTED - 1, ...over })

interface Row {
  why: string
  config: { alarmNames: string[]; enable: boolean; rollback: boolean } | undefined
  alarms: AlarmRecord[]
  want: AlarmVerdict
}

const on = (...alarmNames: string[]) => ({ alarmNames, enable: true, rollback: true })

const ROWS: Row[] = [
  { why: 'no alarms configured', config: undefined, alarms: [], want: { triggered: [], bakeMs: 0 } },
  { why: 'disabled: nothing watched, even in ALARM', config: { ...on('a'), enable: false }, alarms: [alarm('a', { stateValue: 'ALARM', stateUpdatedAt: STARTED + 1 })], want: { triggered: [], bakeMs: 0 } },
  { why: 'all OK: the bake is the alarm window (60 s × 3)', config: on('a'), alarms: [alarm('a', { evaluationPeriods: 3 })], want: { triggered: [], bakeMs: 180_000 } },
  {
    why: 'in ALARM since the deployment started: it fails',
    config: on('a', 'b'),
    alarms: [alarm('a'), alarm('b', { stateValue: 'ALARM', stateUpdatedAt: STARTED + 5_000 })],
    want: { triggered: ['b'], bakeMs: 60_000 },
  },
  { why: 'in ALARM from the very moment it started: already there (a rollback started by it is not failed by it)', config: on('a'), alarms: [alarm('a', { stateValue: 'ALARM', stateUpdatedAt: STARTED })], want: { triggered: [], bakeMs: 60_000 } },
  { why: 'already in ALARM when it started: not this deployment\'s failure', config: on('a'), alarms: [alarm('a', { stateValue: 'ALARM', stateUpdatedAt: STARTED - 1 })], want: { triggered: [], bakeMs: 60_000 } },
  { why: 'INSUFFICIENT_DATA fails nothing', config: on('a'), alarms: [alarm('a', { stateValue: 'INSUFFICIENT_DATA', stateUpdatedAt: STARTED + 1 })], want: { triggered: [], bakeMs: 60_000 } },
  {
    why: 'several in ALARM: named in the order configured; the bake is the longest window',
    config: on('z', 'a', 'missing'),
    alarms: [alarm('a', { stateValue: 'ALARM', stateUpdatedAt: STARTED + 1, periodSeconds: 300, evaluationPeriods: 2 }), alarm('z', { stateValue: 'ALARM', stateUpdatedAt: STARTED + 2, periodSeconds: 10 })],
    want: { triggered: ['z', 'a'], bakeMs: 600_000 },
  },
  { why: 'a name with no alarm never fires and adds no bake', config: on('missing'), alarms: [], want: { triggered: [], bakeMs: 0 } },
]

describe('deploymentAlarmVerdict: does a named alarm fail the deployment, and how long it bakes', () => {
  for (const row of ROWS) {
    it(row.why, () => {
      assert.deepEqual(deploymentAlarmVerdict(row.config, { createdAt: STARTED }, new Map(row.alarms.map((a) => [a.name, a]))), row.want)
    })
  }
})
