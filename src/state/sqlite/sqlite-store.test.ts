import assert from 'node:assert/strict'
import { getEventListeners } from 'node:events'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { ClusterRecord } from '../../core/model/cluster.js'
import { SqliteStore } from './sqlite-store.js'
import type { ContainerInstanceRecord } from '../../core/model/container-instance.js'

const mockInstance: ContainerInstanceRecord = {
  arn: '',
  id: '',
  clusterArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/c',
  status: 'ACTIVE',
  agentConnected: true,
  version: 1,
  versionInfo: {},
  registeredResources: [],
  attributes: [],
  registeredAt: 0,
}

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
    const never = store.watch(store.index(), { signal: aborted.signal })
    aborted.abort(new Error('gave up'))
    await assert.rejects(never, /gave up/)
    await store.close()
  })

  it('leaves no abort listener behind on a signal whose watches woke', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const session = new AbortController()
    for (let i = 0; i < 20; i++) {
      const woke = store.watch(store.index(), { signal: session.signal })
      await store.txn((tx) => tx.clusters.put(cluster(`w${i}`)))
      await woke
    }
    assert.equal(getEventListeners(session.signal, 'abort').length, 0)
    await store.close()
  })

  it('wakes a watcher of some tables only when a commit wrote one of them', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const start = store.index()
    let woke = false
    const watching = store.watch(start, { tables: ['clusters'] }).then((i) => ((woke = true), i))
    await store.txn((tx) => tx.tags.put('arn:x', [{ key: 'k', value: 'v' }]))
    await store.txn(async () => undefined) // writes nothing: bumps the index, wakes no table's watcher
    // Both commits are acknowledged, so a wake they caused would have run before this line.
    assert.equal(woke, false, 'a commit to tags (or to nothing) wakes no watcher of clusters')
    assert.equal(store.tableIndex('tags'), start + 1)
    await store.txn((tx) => tx.clusters.put(cluster('c')))
    assert.equal(await watching, start + 3)
    assert.equal(store.tableIndex('clusters'), start + 3)
    assert.ok(store.tableIndex('tasks') <= start, 'untouched tables keep the index they opened with')
    await store.close()
  })

  it('stamps each record with the index that wrote it, and answers what changed since an index', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const instance = (id: string) => ({ ...mockInstance, arn: `arn:i/${id}`, id })
    await store.txn(async (tx) => {
      await tx.containerInstances.put(instance('a'))
      await tx.containerInstances.put(instance('b'))
    })
    const seen = store.index()
    await store.txn((tx) => tx.containerInstances.put({ ...instance('a'), version: 2 }))
    const changed = await store.read((tx) => tx.containerInstances.changedSince({ since: seen, limit: 10 }))
    assert.deepEqual(changed.map((c) => [c.index, c.record.id, c.record.version]), [[seen + 1, 'a', 2]])
    const all = await store.read((tx) => tx.containerInstances.changedSince({ since: 0, limit: 10 }))
    assert.deepEqual(all.map((c) => c.record.id), ['b', 'a'], 'ordered by the index that last wrote each')
    await store.close()
  })

  it('rolls back a failed transaction\'s index and tables with it', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const start = store.index()
    await assert.rejects(
      store.txn(async (tx) => {
        await tx.clusters.put(cluster('gone'))
        throw new Error('refused')
      }),
    )
    assert.equal(store.index(), start)
    assert.ok(store.tableIndex('clusters') <= start)
    await store.txn((tx) => tx.clusters.put(cluster('kept')))
    const changed = await store.read((tx) => tx.containerInstances.changedSince({ since: start, limit: 10 }))
    assert.deepEqual(changed, [])
    assert.equal(store.index(), start + 1, 'the next transaction takes the index the failed one did not use')
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
