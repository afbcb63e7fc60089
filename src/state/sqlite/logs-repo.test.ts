import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { SqliteStore } from './sqlite-store.js'

const ALL = { startTime: 0, endTime: Number.MAX_SAFE_INTEGER, minTimestamp: 0, limit: 10_000 }

describe('SQLite logs repository', () => {
  it('deletes a stream\'s events with it, and a group\'s streams and events with the group', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const ids = await store.txn(async (tx) => {
      const g = await tx.logs.createGroup({ name: 'g', creationTime: 1 })
      const a = await tx.logs.createStream(g.id, 'a', 1)
      const b = await tx.logs.createStream(g.id, 'b', 1)
      await tx.logs.appendEvents(a.id, [{ timestamp: 5, message: 'a1' }], 6)
      await tx.logs.appendEvents(b.id, [{ timestamp: 5, message: 'b1' }], 6)
      return { g: g.id, a: a.id, b: b.id }
    })
    await store.txn((tx) => tx.logs.deleteStream(ids.a))
    await store.read(async (tx) => {
      assert.deepEqual(await tx.logs.streamEvents({ ...ALL, streamId: ids.a, direction: 'forward' }), [])
      assert.deepEqual((await tx.logs.groupEvents({ ...ALL, groupId: ids.g })).events.map((e) => e.message), ['b1'])
      assert.equal((await tx.logs.group('g'))?.storedBytes, 2)
    })
    await store.txn((tx) => tx.logs.deleteGroup(ids.g))
    await store.read(async (tx) => {
      assert.deepEqual((await tx.logs.groupEvents({ ...ALL, groupId: ids.g })).events, [], 'no event outlives its group')
      assert.deepEqual(await tx.logs.streamEvents({ ...ALL, streamId: ids.b, direction: 'forward' }), [])
      assert.equal(await tx.logs.stream(ids.g, 'b'), undefined)
    })
    await store.close()
  })

  it('keeps events, their order and the sequence counter across a reopen', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'berth-logs-')), 'berth.db')
    const first = new SqliteStore({ path })
    const streamId = await first.txn(async (tx) => {
      const g = await tx.logs.createGroup({ name: 'g', creationTime: 1 })
      const s = await tx.logs.createStream(g.id, 's', 1)
      await tx.logs.appendEvents(s.id, [{ timestamp: 7, message: 'x' }, { timestamp: 7, message: 'y' }], 8)
      return s.id
    })
    await first.close()
    const second = new SqliteStore({ path })
    await second.txn((tx) => tx.logs.appendEvents(streamId, [{ timestamp: 7, message: 'z' }, { timestamp: 6, message: 'earlier' }], 9))
    const rows = await second.read((tx) => tx.logs.streamEvents({ ...ALL, streamId, direction: 'forward' }))
    assert.deepEqual(rows.map((r) => [r.message, r.sequence]), [['earlier', 4], ['x', 1], ['y', 2], ['z', 3]])
    const stream = await second.read(async (tx) => tx.logs.stream((await tx.logs.group('g'))!.id, 's'))
    assert.deepEqual(
      { first: stream?.firstEventTimestamp, last: stream?.lastEventTimestamp, ingested: stream?.lastIngestionTime, next: stream?.nextSequence },
      { first: 6, last: 7, ingested: 9, next: 5 },
    )
    await second.close()
  })

  it('expires events below a cutoff from a stream or a whole group, and their bytes with them', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const { g, a } = await store.txn(async (tx) => {
      const g = await tx.logs.createGroup({ name: 'g', creationTime: 1 })
      const a = await tx.logs.createStream(g.id, 'a', 1)
      const b = await tx.logs.createStream(g.id, 'b', 1)
      await tx.logs.appendEvents(a.id, [{ timestamp: 1, message: 'old' }, { timestamp: 10, message: 'new' }], 11)
      await tx.logs.appendEvents(b.id, [{ timestamp: 2, message: 'old' }, { timestamp: 3, message: 'old' }], 11)
      return { g, a }
    })
    assert.equal(await store.txn((tx) => tx.logs.expireEvents({ streamId: a.id }, 5, 100)), 1)
    assert.equal(await store.txn((tx) => tx.logs.expireEvents({ groupId: g.id }, 5, 100)), 2)
    await store.read(async (tx) => {
      assert.deepEqual((await tx.logs.groupEvents({ ...ALL, groupId: g.id })).events.map((e) => e.message), ['new'])
      assert.equal((await tx.logs.group('g'))?.storedBytes, 3)
    })
    await store.close()
  })

  it('reads at most `limit` of a group\'s events per call, whatever the stream selection, and says where it stopped', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const g = await store.txn(async (tx) => {
      const g = await tx.logs.createGroup({ name: 'g', creationTime: 1 })
      const big = await tx.logs.createStream(g.id, 'big', 1)
      const small = await tx.logs.createStream(g.id, 'small', 1)
      await tx.logs.appendEvents(big.id, Array.from({ length: 50 }, (_, i) => ({ timestamp: i, message: `b${i}` })), 1)
      await tx.logs.appendEvents(small.id, [{ timestamp: 60, message: 's' }], 1)
      return g.id
    })
    await store.read(async (tx) => {
      const first = await tx.logs.groupEvents({ ...ALL, groupId: g, streamNamePrefix: 'small', limit: 20 })
      assert.deepEqual(first.events, [], 'twenty of big read, none selected')
      assert.equal(first.done, false)
      assert.equal(first.last?.timestamp, 19, 'the cursor moves on over what was not selected')
      assert.equal(first.readChars, 10 * 2 + 10 * 3)
      const rest = await tx.logs.groupEvents({ ...ALL, groupId: g, streamNamePrefix: 'small', limit: 100, after: first.last })
      assert.deepEqual(rest.events.map((e) => e.message), ['s'])
      assert.equal(rest.done, true)
    })
    await store.close()
  })
})
