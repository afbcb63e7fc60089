import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { LogBatch } from '../core/agent-protocol.js'
import { DAY_MS } from '../core/model/log.js'
import { appendLogEvents, type AppendLogEventsInput } from './logs-append.js'
import { SqliteStore } from './sqlite/sqlite-store.js'
import type { Store } from './store.js'

const NOW = Date.UTC(2026, 0, 1)
/** Lines stamped one millisecond apart; numbered lines ('1', '2', ...) get their number's millisecond. */
const lines = (...messages: string[]) =>
  messages.map((message, i) => ({ timestamp: NOW + (/^\d+$/.test(message) ? Number(message) : i), message }))
const batch = (over: Partial<AppendLogEventsInput> = {}): AppendLogEventsInput => ({
  logGroupName: '/ecs/web',
  logStreamName: 'ecs/web/0123',
  createGroup: true,
  events: lines('a', 'b'),
  now: NOW,
  ...over,
})

async function messages(store: Store, group = '/ecs/web', stream = 'ecs/web/0123'): Promise<string[]> {
  return store.read(async (tx) => {
    const g = await tx.logs.group(group)
    const s = g && (await tx.logs.stream(g.id, stream))
    if (!s) return []
    const rows = await tx.logs.streamEvents({ streamId: s.id, startTime: 0, endTime: Number.MAX_SAFE_INTEGER, minTimestamp: 0, direction: 'forward', limit: 10_000 })
    return rows.map((r) => r.message)
  })
}

describe('appendLogEvents', () => {
  it('creates the group when asked and the stream always, in the caller\'s transaction', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const result = await store.txn((tx) => appendLogEvents(tx, batch()))
    assert.deepEqual(result, { outcome: 'applied', appended: 2, duplicates: 0, dropped: 0, shippedThrough: 0 })
    assert.deepEqual(await messages(store), ['a', 'b'])
    await store.close()
  })

  it('answers group-missing without createGroup, and writes nothing', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const result = await store.txn((tx) => appendLogEvents(tx, batch({ createGroup: false })))
    assert.equal(result.outcome, 'rejected')
    assert.equal(result.outcome === 'rejected' && result.reason, 'group-missing')
    assert.equal(await store.read((tx) => tx.logs.group('/ecs/web')), undefined)
    await store.close()
  })

  it('refuses names Logs would refuse', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const bad = await store.txn(async (tx) => [
      await appendLogEvents(tx, batch({ logGroupName: 'has space' })),
      await appendLogEvents(tx, batch({ logStreamName: 'a:b' })),
      await appendLogEvents(tx, batch({ firstSequence: 0 })),
    ])
    assert.deepEqual(bad.map((r) => r.outcome === 'rejected' && r.reason), ['invalid-group-name', 'invalid-stream-name', 'invalid-sequence'])
    assert.deepEqual(await store.read((tx) => tx.logs.groups({ limit: 10 })), [])
    await store.close()
  })

  it('ignores a batch re-sent after a reconnect, and keeps only the new tail of an overlapping one', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    await store.txn((tx) => appendLogEvents(tx, batch({ firstSequence: 1, events: lines('1', '2', '3') })))
    const resent = await store.txn((tx) => appendLogEvents(tx, batch({ firstSequence: 1, events: lines('1', '2', '3') })))
    assert.deepEqual(resent, { outcome: 'applied', appended: 0, duplicates: 3, dropped: 0, shippedThrough: 3 })
    const overlap = await store.txn((tx) => appendLogEvents(tx, batch({ firstSequence: 3, events: lines('3', '4', '5') })))
    assert.deepEqual(overlap, { outcome: 'applied', appended: 2, duplicates: 1, dropped: 0, shippedThrough: 5 })
    assert.deepEqual(await messages(store), ['1', '2', '3', '4', '5'])
    const progress = await store.read(async (tx) => (await tx.logs.stream((await tx.logs.group('/ecs/web'))!.id, 'ecs/web/0123'))?.shippedThrough)
    assert.equal(progress, 5, 'a reconnecting agent can read where to resume')
    await store.close()
  })

  it('rolls back every batch of a message when the transaction fails', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    await assert.rejects(
      store.txn(async (tx) => {
        await appendLogEvents(tx, batch({ firstSequence: 1 }))
        throw new Error('connection lost before commit')
      }),
    )
    const again = await store.txn((tx) => appendLogEvents(tx, batch({ firstSequence: 1 })))
    assert.equal(again.outcome === 'applied' && again.appended, 2, 'the re-send after a rollback is applied, not skipped')
    await store.close()
  })

  it('keeps ingestion order for equal timestamps, drops empty lines and lines past retention', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    await store.txn(async (tx) => {
      const g = await tx.logs.createGroup({ name: '/ecs/web', creationTime: NOW, retentionInDays: 1 })
      assert.ok(g.id > 0)
    })
    const same = ['z', 'y', 'x', '', 'w'].map((message) => ({ timestamp: NOW, message }))
    const result = await store.txn((tx) =>
      appendLogEvents(tx, batch({ events: [{ timestamp: NOW - 2 * DAY_MS, message: 'old' }, ...same] })),
    )
    assert.deepEqual(result, { outcome: 'applied', appended: 4, duplicates: 0, dropped: 2, shippedThrough: 0 })
    assert.deepEqual(await messages(store), ['z', 'y', 'x', 'w'])
    await store.close()
  })

  it('takes an agent channel LogBatch as it comes', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const sent: LogBatch = { logGroupName: '/ecs/web', logStreamName: 'ecs/web/0123', createGroup: true, events: lines('1', '2'), firstSequence: 1 }
    const results = await store.txn(async (tx) => [await appendLogEvents(tx, { ...sent, now: NOW }), await appendLogEvents(tx, { ...sent, now: NOW })])
    assert.deepEqual(results.map((r) => r.outcome === 'applied' && [r.appended, r.duplicates]), [[2, 0], [0, 2]])
    await store.close()
  })
})
