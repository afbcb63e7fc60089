import assert from 'node:assert/strict'
import { getEventListeners } from 'node:events'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { ClusterRecord } from '../../core/model/cluster.js'
import { SqliteStore } from './sqlite-store.js'

const cluster = (name: string, status: ClusterRecord['status'] = 'ACTIVE'): ClusterRecord => ({
  arn: `arn:aws:ecs:us-east-1:000000000000:cluster/${name}`,
  name,
  status,
  settings: [],
  capacityProviders: [],
  defaultCapacityProviderStrategy: [],
  createdAt: 0,
})

describe('SqliteStore', () => {
  it('commits a transaction whole, and rolls back a failed one whole', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    await store.txn(async (tx) => {
      await tx.clusters.put(cluster('a'))
      await tx.tags.put(cluster('a').arn, [{ key: 'k', value: 'v' }])
    })
    await assert.rejects(
      store.txn(async (tx) => {
        await tx.clusters.put(cluster('b'))
        await tx.tags.put(cluster('b').arn, [{ key: 'k', value: 'v' }])
        throw new Error('boom')
      }),
      /boom/,
    )
    await store.read(async (tx) => {
      assert.ok(await tx.clusters.get(cluster('a').arn))
      assert.equal(await tx.clusters.get(cluster('b').arn), undefined)
      assert.deepEqual(await tx.tags.get(cluster('b').arn), [])
    })
    await store.close()
  })

  it('never lets a read see another transaction half done', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const writing = store.txn(async (tx) => {
      await tx.clusters.put(cluster('half'))
      await gate
      throw new Error('abandoned')
    })
    const reading = store.read((tx) => tx.clusters.get(cluster('half').arn))
    release()
    await assert.rejects(writing)
    assert.equal(await reading, undefined)
    await store.close()
  })

  it('keeps what it committed across a reopen, and its index only grows', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'berth-store-')), 'berth.db')
    const first = new SqliteStore({ path })
    await first.txn((tx) => tx.clusters.put(cluster('kept')))
    const index = first.index()
    assert.ok(index > 0)
    await first.close()
    const second = new SqliteStore({ path })
    assert.equal(second.index(), index)
    assert.equal((await second.read((tx) => tx.clusters.get(cluster('kept').arn)))?.name, 'kept')
    await second.close()
  })

  it('wakes a watcher when a transaction commits', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const start = store.index()
    const woke = store.watch(start)
    await store.txn((tx) => tx.clusters.put(cluster('w')))
    assert.equal(await woke, start + 1)
    const aborted = new AbortController()
    const never = store.watch(store.index(), aborted.signal)
    aborted.abort(new Error('gave up'))
    await assert.rejects(never, /gave up/)
    await store.close()
  })

  it('leaves no abort listener behind on a signal whose watches woke', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const session = new AbortController()
    for (let i = 0; i < 20; i++) {
      const woke = store.watch(store.index(), session.signal)
      await store.txn((tx) => tx.clusters.put(cluster(`w${i}`)))
      await woke
    }
    assert.equal(getEventListeners(session.signal, 'abort').length, 0)
    await store.close()
  })

  it('pages keyset lists in key order, filtered by status', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    await store.txn(async (tx) => {
      for (const n of ['c', 'a', 'b', 'd']) await tx.clusters.put(cluster(n, n === 'd' ? 'INACTIVE' : 'ACTIVE'))
    })
    const names = await store.read(async (tx) => {
      const first = await tx.clusters.list({ limit: 2, status: 'ACTIVE' })
      const rest = await tx.clusters.list({ limit: 10, status: 'ACTIVE', after: first[first.length - 1]!.arn })
      return [...first, ...rest].map((c) => c.name)
    })
    assert.deepEqual(names, ['a', 'b', 'c'])
    await store.close()
  })

  it('keeps tags in first-set order when a value is overwritten', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const arn = cluster('t').arn
    await store.txn(async (tx) => {
      await tx.tags.put(arn, [{ key: 'x', value: '1' }, { key: 'y', value: '2' }])
      await tx.tags.put(arn, [{ key: 'x', value: '3' }])
    })
    assert.deepEqual(await store.read((tx) => tx.tags.get(arn)), [{ key: 'x', value: '3' }, { key: 'y', value: '2' }])
    await store.close()
  })
})
