import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { SqliteStore } from '../state/sqlite/sqlite-store.js'
import { mockTask } from '../testing/mock.js'
import { reapStoppedTasks } from './task-reaper.js'

describe('reapStoppedTasks', () => {
  it('forgets tasks stopped over an hour ago with their tags, and nothing else', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const now = Date.UTC(2026, 10, 21, 12)
    const old = mockTask({ id: '1'.repeat(32), lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stoppedAt: now - 61 * 60_000 })
    const recent = mockTask({ id: '2'.repeat(32), lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stoppedAt: now - 59 * 60_000 })
    const running = mockTask({ id: '3'.repeat(32), lastStatus: 'RUNNING' })
    await store.txn(async (tx) => {
      for (const t of [old, recent, running]) await tx.tasks.put(t)
      await tx.tags.put(old.arn, [{ key: 'k', value: 'v' }])
    })
    assert.equal(await reapStoppedTasks(store, now), 1)
    await store.read(async (tx) => {
      assert.equal(await tx.tasks.get(old.arn), undefined)
      assert.deepEqual(await tx.tags.get(old.arn), [])
      assert.ok(await tx.tasks.get(recent.arn))
      assert.ok(await tx.tasks.get(running.arn))
    })
    assert.equal(await reapStoppedTasks(store, now), 0, 'running it again changes nothing')
    await store.close()
  })
})
