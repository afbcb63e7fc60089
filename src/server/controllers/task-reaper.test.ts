import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { SqliteStore } from '../../state/sqlite/sqlite-store.js'
import { mockTask } from '../../testing/mock.js'
import { ManualClock } from '../../core/clock.js'
import { silentLogger } from '../../core/log.js'
import { ManualTimers } from '../../testing/timers.js'
import { waitFor } from '../../testing/wait.js'
import { reapStoppedTasks, taskReaper } from './task-reaper.js'

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

  it('runs as a controller: a pass each interval of the injected clock', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const clock = new ManualClock(Date.UTC(2026, 10, 21, 12))
    const timers = new ManualTimers(clock)
    const old = mockTask({ id: '4'.repeat(32), lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stoppedAt: clock.now() - 30 * 60_000 })
    await store.txn((tx) => tx.tasks.put(old))
    const abort = new AbortController()
    const loop = taskReaper({ store, clock, timers, logger: silentLogger }, 60_000).run(abort.signal)
    timers.advance(60_000)
    // Stopped 31 minutes ago: kept, and the loop waits for its next interval.
    await waitFor('the reaper to wait again', async () => timers.pending, (n) => n === 1)
    assert.ok(await store.read((tx) => tx.tasks.get(old.arn)))
    timers.advance(30 * 60_000)
    await waitFor('the task to be forgotten', () => store.read((tx) => tx.tasks.get(old.arn)), (t) => t === undefined)
    abort.abort()
    await loop
    await store.close()
  })
})
