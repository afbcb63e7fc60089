import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../../core/clock.js'
import { silentLogger } from '../../core/log.js'
import type { AlarmState } from '../../core/model/alarm.js'
import { SqliteStore } from '../../state/sqlite/sqlite-store.js'
import { putValue, testMetricStore } from '../../testing/metric-stores.js'
import { mockAlarm } from '../../testing/alarms.js'
import { ManualTimers } from '../../testing/timers.js'
import { waitFor } from '../../testing/wait.js'
import { alarmEvaluator } from './evaluator.js'

const METRIC = { namespace: 'Berth/Test', metricName: 'Load', dimensions: [{ name: 'Service', value: 'web' }] }

function setup() {
  const clock = new ManualClock(Date.UTC(2026, 10, 30, 21, 0, 30))
  const timers = new ManualTimers(clock)
  const store = new SqliteStore({ path: ':memory:' })
  const metrics = testMetricStore(clock)
  const abort = new AbortController()
  const alarm = mockAlarm({ name: 'load-high', ...METRIC, evaluationPeriods: 2, datapointsToAlarm: 2, threshold: 50, stateUpdatedAt: clock.now() })
  const state = () => store.read((tx) => tx.alarms.get('load-high'))
  const inState = (s: AlarmState) => waitFor(`the alarm in ${s}`, state, (a) => a?.stateValue === s)
  const idle = () => waitFor('the evaluator to wait for its next boundary', async () => timers.pending, (n) => n === 1)
  const start = async () => {
    await store.txn((tx) => tx.alarms.put(alarm))
    // In an object: awaiting the loop itself would wait for it to end.
    return { loop: alarmEvaluator({ store, metrics, clock, timers, logger: silentLogger }).run(abort.signal) }
  }
  const stop = async (loop: Promise<void>) => {
    abort.abort()
    await loop
    await store.close()
  }
  return { clock, timers, store, metrics, state, inState, idle, start, stop }
}

describe('the alarm evaluator', () => {
  it('evaluates at each period boundary: INSUFFICIENT_DATA → ALARM → OK, a StateUpdate for each change and none otherwise', async () => {
    const t = setup()
    const { loop } = await t.start()
    await t.idle()
    assert.equal((await t.state())?.stateValue, 'INSUFFICIENT_DATA', 'no data: it stays as created')

    putValue(t.metrics, METRIC, Date.UTC(2026, 10, 30, 21, 0, 10), 80)
    putValue(t.metrics, METRIC, Date.UTC(2026, 10, 30, 21, 1, 10), 70)
    t.timers.advance(92_000) // 21:02:02, past the 21:02 boundary and its settling time
    const alarmed = await t.inState('ALARM')
    assert.equal(
      alarmed?.stateReason,
      'Threshold Crossed: 2 out of the last 2 datapoints [70.0 (30/11/26 21:01:00), 80.0 (30/11/26 21:00:00)] were greater than the threshold (50.0) (minimum 2 datapoints for OK -> ALARM transition).',
    )
    assert.equal(alarmed?.stateUpdatedAt, t.clock.now())
    assert.equal(JSON.parse(alarmed!.stateReasonData!).startDate, '2026-11-30T20:58:00.000+0000')

    await t.idle()
    putValue(t.metrics, METRIC, Date.UTC(2026, 10, 30, 21, 2, 10), 10)
    t.timers.advance(60_000)
    await t.inState('OK')
    await t.idle()
    putValue(t.metrics, METRIC, Date.UTC(2026, 10, 30, 21, 3, 10), 20)
    t.timers.advance(60_000)
    await t.idle()

    const history = await t.store.read((tx) => tx.alarmHistory.list({ alarmName: 'load-high', order: 'oldest', limit: 10 }))
    assert.deepEqual(
      history.map((h) => [h.type, h.summary]),
      [
        ['StateUpdate', 'Alarm updated from INSUFFICIENT_DATA to ALARM'],
        ['StateUpdate', 'Alarm updated from ALARM to OK'],
      ],
    )
    const data = JSON.parse(history[0]!.data)
    assert.deepEqual(data.oldState, { stateValue: 'INSUFFICIENT_DATA', stateReason: 'Unchecked: Initial alarm creation' })
    assert.equal(data.newState.stateValue, 'ALARM')
    await t.stop(loop)
  })

  it('a state set by hand (SetAlarmState) lasts until the next boundary, whose evaluation overrides it', async () => {
    const t = setup()
    putValue(t.metrics, METRIC, Date.UTC(2026, 10, 30, 20, 59, 10), 10)
    putValue(t.metrics, METRIC, Date.UTC(2026, 10, 30, 20, 58, 10), 10)
    const { loop } = await t.start()
    await t.inState('OK')
    await t.idle()
    await t.store.txn(async (tx) => {
      const a = (await tx.alarms.get('load-high'))!
      await tx.alarms.put({ ...a, stateValue: 'ALARM', stateReason: 'testing' })
    })
    // The write wakes the evaluator, which leaves the alarm alone until its next boundary.
    await t.idle()
    assert.equal((await t.state())?.stateReason, 'testing')
    t.timers.advance(60_000)
    const back = await t.inState('OK')
    assert.match(back!.stateReason, /^Threshold Crossed: 2 out of the last 2 datapoints/)
    await t.stop(loop)
  })
})
