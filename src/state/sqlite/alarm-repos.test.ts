import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AlarmRecord } from '../../core/model/alarm.js'
import { mockAlarm } from '../../testing/alarms.js'
import { SqliteStore } from './sqlite-store.js'

const names = (alarms: AlarmRecord[]) => alarms.map((a) => a.name)
const policy = 'arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:p1:resource/ecs/service/c/web:policyName/cpu'

describe('alarm repositories', () => {
  it('lists alarms by name, paged, filtered by prefix, names, state, action prefix, metric and owner', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    await store.txn(async (tx) => {
      await tx.alarms.put(mockAlarm({ name: 'web-high', stateValue: 'ALARM', alarmActions: [policy] }))
      await tx.alarms.put(mockAlarm({ name: 'web-low', stateValue: 'OK', okActions: ['arn:aws:sns:us-east-1:000000000000:t'] }))
      await tx.alarms.put(mockAlarm({ name: 'api-5xx', namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_5XX_Count' }))
      await tx.alarms.put(mockAlarm({ name: 'TargetTracking-web-AlarmHigh', ownedByPolicyArn: policy }))
    })
    await store.read(async (tx) => {
      assert.deepEqual(names(await tx.alarms.list({ limit: 10 })), ['TargetTracking-web-AlarmHigh', 'api-5xx', 'web-high', 'web-low'])
      const first = await tx.alarms.list({ limit: 2 })
      assert.deepEqual(names(await tx.alarms.list({ limit: 2, after: first[1]!.name })), ['web-high', 'web-low'])
      assert.deepEqual(names(await tx.alarms.list({ limit: 10, namePrefix: 'web-' })), ['web-high', 'web-low'])
      assert.deepEqual(names(await tx.alarms.list({ limit: 10, namePrefix: 'WEB-' })), [], 'prefixes are case-sensitive')
      assert.deepEqual(names(await tx.alarms.list({ limit: 10, names: ['web-low', 'api-5xx', 'nope'] })), ['api-5xx', 'web-low'])
      assert.deepEqual(names(await tx.alarms.list({ limit: 10, state: 'OK' })), ['web-low'])
      assert.deepEqual(names(await tx.alarms.list({ limit: 10, actionPrefix: 'arn:aws:autoscaling:' })), ['web-high'])
      assert.deepEqual(names(await tx.alarms.list({ limit: 10, actionPrefix: 'arn:aws:sns:' })), ['web-low'])
      assert.deepEqual(names(await tx.alarms.list({ limit: 10, metric: { namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_5XX_Count' } })), ['api-5xx'])
      assert.deepEqual(names(await tx.alarms.list({ limit: 10, ownedByPolicyArn: policy })), ['TargetTracking-web-AlarmHigh'])
      assert.equal((await tx.alarms.get('web-high'))?.alarmActions[0], policy)
    })
    await store.close()
  })

  it('a put replaces an alarm by name and marks the alarms table for watches; delete removes it', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const start = store.index()
    const onAlarms = store.watch(start, { tables: ['alarms'] })
    await store.txn((tx) => tx.alarms.put(mockAlarm({ name: 'a', threshold: 1 })))
    assert.equal(await onAlarms, start + 1)
    assert.ok(store.tableIndex('alarmHistory') <= start)
    await store.txn((tx) => tx.alarms.put(mockAlarm({ name: 'a', threshold: 2, stateValue: 'ALARM' })))
    assert.equal((await store.read((tx) => tx.alarms.get('a')))?.threshold, 2)
    assert.deepEqual(names(await store.read((tx) => tx.alarms.list({ limit: 10, state: 'ALARM' }))), ['a'])
    await store.txn((tx) => tx.alarms.delete('a'))
    assert.equal(await store.read((tx) => tx.alarms.get('a')), undefined)
    await store.close()
  })

  it('reads history newest or oldest first, paged, by alarm, type and time, and expires the oldest', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    await store.txn(async (tx) => {
      for (const [name, ts, type] of [
        ['a', 100, 'ConfigurationUpdate'],
        ['a', 200, 'StateUpdate'],
        ['b', 200, 'ConfigurationUpdate'],
        ['a', 300, 'StateUpdate'],
      ] as const) {
        await tx.alarmHistory.append({ alarmName: name, timestamp: ts, type, summary: `${name}@${ts}`, data: '{}' })
      }
    })
    await store.read(async (tx) => {
      const summaries = (q: Parameters<typeof tx.alarmHistory.list>[0]) => tx.alarmHistory.list(q).then((h) => h.map((e) => e.summary))
      assert.deepEqual(await summaries({ order: 'newest', limit: 10 }), ['a@300', 'b@200', 'a@200', 'a@100'])
      assert.deepEqual(await summaries({ order: 'oldest', limit: 10, alarmName: 'a' }), ['a@100', 'a@200', 'a@300'])
      assert.deepEqual(await summaries({ order: 'newest', limit: 10, type: 'StateUpdate' }), ['a@300', 'a@200'])
      assert.deepEqual(await summaries({ order: 'oldest', limit: 10, startTime: 200, endTime: 200 }), ['a@200', 'b@200'])
      const page = await tx.alarmHistory.list({ order: 'newest', limit: 2 })
      assert.deepEqual(await summaries({ order: 'newest', limit: 2, after: page[1]! }), ['a@200', 'a@100'])
    })
    assert.equal(await store.txn((tx) => tx.alarmHistory.expire(250, 2)), 2)
    assert.equal(await store.txn((tx) => tx.alarmHistory.expire(250, 2)), 1)
    assert.equal(await store.txn((tx) => tx.alarmHistory.expire(250, 2)), 0)
    assert.deepEqual((await store.read((tx) => tx.alarmHistory.list({ order: 'newest', limit: 10 }))).map((e) => e.summary), ['a@300'])
    await store.close()
  })
})
