import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../../core/clock.js'
import type { Controller } from '../../core/controller.js'
import { silentLogger } from '../../core/log.js'
import { ManualTimers } from '../../testing/timers.js'
import { RESTART_DELAY_MS, runControllers } from './run-controllers.js'

describe('runControllers', () => {
  it('starts a loop that threw again after a pause, leaves the others alone, and stops them all', async () => {
    const timers = new ManualTimers(new ManualClock())
    const runs: string[] = []
    let failFirst = true
    let thrown!: () => void
    const threw = new Promise<void>((r) => (thrown = r))
    let restarted!: () => void
    const again = new Promise<void>((r) => (restarted = r))
    const flaky: Controller = {
      name: 'flaky',
      async run(signal) {
        runs.push('flaky')
        if (failFirst) {
          failFirst = false
          thrown()
          throw new Error('a bug')
        }
        restarted()
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
      },
    }
    const steady: Controller = {
      name: 'steady',
      async run(signal) {
        runs.push('steady')
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
      },
    }
    const errors: string[] = []
    const running = runControllers([flaky, steady], { logger: { ...silentLogger, error: (m) => errors.push(m) }, timers })
    await threw
    await new Promise((r) => setImmediate(r))
    assert.deepEqual(runs, ['flaky', 'steady'], 'the failed loop waits for its pause before it runs again')
    timers.advance(RESTART_DELAY_MS)
    await again
    assert.deepEqual(runs, ['flaky', 'steady', 'flaky'])
    assert.deepEqual(errors, ['controller failed; starting it again'])
    await running.stop()
    assert.equal(timers.pending, 0, 'no timer is left behind')
  })
})
