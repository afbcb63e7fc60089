import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { StatsMessage } from '../core/agent-protocol.js'
import { SqliteStore } from '../state/sqlite/sqlite-store.js'
import { mockInstance, mockTask } from '../testing/mock.js'
import { observedAt, readUsage } from './ecs-metrics-ticker.js'
import { TaskSampleBook } from './task-samples.js'

const MIB = 1024 * 1024
const stats = (taskArn: string, cpuUnits: number, mib: number): StatsMessage => ({
  type: 'stats',
  tasks: [{ taskArn, containers: [{ name: 'app', timestamp: 0, cpuUnits, memoryBytes: mib * MIB }] }],
})

describe('readUsage', () => {
  it("counts a RUNNING task's recent sample from its own instance, and nothing else", async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const a = mockInstance({ id: 'a'.repeat(32) })
    const b = mockInstance({ id: 'b'.repeat(32), status: 'DRAINING' })
    const task = (id: string, over: Parameters<typeof mockTask>[0] = {}) =>
      mockTask({ id: id.repeat(32), group: 'service:web', containerInstanceArn: a.arn, lastStatus: 'RUNNING', cpu: '256', memory: '512', ...over })
    const fresh = task('1')
    const stale = task('2')
    const foreign = task('3')
    const pending = task('4', { lastStatus: 'PENDING' })
    await store.txn(async (tx) => {
      await tx.clusters.put({ arn: a.clusterArn, name: 'default', status: 'ACTIVE', settings: [], capacityProviders: [], defaultCapacityProviderStrategy: [], createdAt: 0 })
      for (const i of [a, b]) await tx.containerInstances.put(i)
      for (const t of [fresh, stale, foreign, pending]) await tx.tasks.put(t)
    })
    const book = new TaskSampleBook()
    book.record(a.arn, stats(stale.arn, 100, 100), 1_000)
    book.record(a.arn, stats(fresh.arn, 128, 64), 5_000)
    book.record(b.arn, stats(foreign.arn, 999, 999), 5_000) // b speaks for a task on a: not its own
    book.record(a.arn, stats(pending.arn, 50, 50), 5_000)

    const [usage] = await store.read((tx) => readUsage(tx, book, 2_000))
    assert.equal(usage?.clusterName, 'default')
    assert.deepEqual(usage?.instances, [
      { status: 'ACTIVE', cpu: 2048, memoryMiB: 4096 },
      { status: 'DRAINING', cpu: 2048, memoryMiB: 4096 },
    ])
    assert.deepEqual(
      usage?.tasks.map((t) => t.used),
      [{ cpu: 128, memoryMiB: 64 }, undefined, undefined],
      'the PENDING task is left out; the stale and the foreign samples count as none',
    )
    assert.deepEqual(usage?.tasks[0]?.reserved, { cpu: 256, memoryMiB: 512 })
    assert.equal(usage?.newestSampleAt, 5_000, "the newest counted sample's arrival (the foreign one's is not counted)")
    book.prune(2_000)
    assert.equal(book.size, 3, 'pruning forgets the stale sample')
    await store.close()
  })
})

describe('observedAt', () => {
  const usage = (newestSampleAt?: number) => ({ clusterName: 'c', instances: [], tasks: [], newestSampleAt })
  it("stamps a cluster's figures with its newest sample's arrival, not the tick", () => {
    assert.equal(observedAt(usage(7_300), 12_000), 7_300)
  })
  it('stamps a cluster without samples (reservation only) at the tick', () => {
    assert.equal(observedAt(usage(), 12_000), 12_000)
  })
})
