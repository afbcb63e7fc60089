import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../../core/clock.js'
import type { Logger } from '../../core/log.js'
import { ManualTimers } from '../../testing/timers.js'
import { waitFor } from '../../testing/wait.js'
import { supervise, type ProcessExit, type SupervisedProcess } from './supervisor.js'

/** A process the test ends by hand; stop() ends it as SIGTERM would. */
class FakeProcess implements SupervisedProcess {
  readonly exited: Promise<ProcessExit>
  stopCalls = 0
  #end!: (exit: ProcessExit) => void
  constructor(readonly pid: number) {
    this.exited = new Promise((resolve) => (this.#end = resolve))
  }
  exit(exit: ProcessExit): void {
    this.#end(exit)
  }
  async stop(): Promise<void> {
    this.stopCalls++
    this.exit({ code: 0, signal: null })
    await this.exited
  }
}

/** A supervisor over fake processes, on a clock and timers the test moves. */
function harness(start?: (pid: number) => FakeProcess) {
  const clock = new ManualClock()
  const timers = new ManualTimers(clock)
  const started: FakeProcess[] = []
  const log: { level: string; message: string; fields: Record<string, unknown> }[] = []
  const logger: Logger = {
    info: (message, fields = {}) => void log.push({ level: 'info', message, fields }),
    warn: (message, fields = {}) => void log.push({ level: 'warn', message, fields }),
    error: (message, fields = {}) => void log.push({ level: 'error', message, fields }),
  }
  const supervisor = supervise({
    name: 'local instance 1',
    fields: { bindIp: '127.0.6.2' },
    clock,
    timers,
    logger,
    start: () => {
      const p = start?.(started.length + 100) ?? new FakeProcess(started.length + 100)
      started.push(p)
      return p
    },
  })
  /** Waits until the supervisor sits in a restart wait (its one timer is set). */
  const waiting = () => waitFor('a restart wait', async () => timers.pending, (n) => n === 1, { intervalMs: 1 })
  const startsReach = (n: number) => waitFor(`${n} starts`, async () => started.length, (x) => x === n, { intervalMs: 1 })
  return { clock, timers, started, log, supervisor, waiting, startsReach }
}

describe('the supervisor of a local agent', () => {
  it('starts a process that died again after the first wait, and logs the exit and each start with its PID', async () => {
    const h = harness()
    h.started[0]!.exit({ code: null, signal: 'SIGKILL' })
    await h.waiting()
    h.timers.advance(999)
    assert.equal(h.started.length, 1, 'not before the wait is over')
    h.timers.advance(1)
    await h.startsReach(2)
    assert.deepEqual(h.log, [
      { level: 'info', message: 'local instance 1 started', fields: { bindIp: '127.0.6.2', pid: 100 } },
      { level: 'warn', message: 'local instance 1 exited; starting it again', fields: { bindIp: '127.0.6.2', pid: 100, signal: 'SIGKILL', restartInMs: 1000 } },
      { level: 'info', message: 'local instance 1 started', fields: { bindIp: '127.0.6.2', pid: 101 } },
    ])
    await h.supervisor.stop()
  })

  it('starts one that keeps dying at once less and less often, never sooner than its wait', async () => {
    const h = harness((pid) => {
      const p = new FakeProcess(pid)
      p.exit({ code: 1, signal: null })
      return p
    })
    for (const [i, wait] of [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000].entries()) {
      await h.waiting()
      h.timers.advance(wait - 1)
      assert.equal(h.started.length, i + 1, `start ${i + 2} came before its ${wait} ms wait`)
      h.timers.advance(1)
      await h.startsReach(i + 2)
    }
    await h.supervisor.stop()
  })

  it('waits the first wait again after a process that ran a minute', async () => {
    const h = harness()
    h.started[0]!.exit({ code: 1, signal: null })
    await h.waiting()
    h.timers.advance(1_000)
    await h.startsReach(2)
    h.clock.advance(60_000)
    h.started[1]!.exit({ code: 1, signal: null })
    await h.waiting()
    assert.equal(h.log.at(-1)?.fields['restartInMs'], 1_000)
    await h.supervisor.stop()
  })

  it('on stop, stops the running process and starts no other', async () => {
    const h = harness()
    await h.supervisor.stop()
    assert.equal(h.started[0]!.stopCalls, 1)
    assert.equal(h.timers.pending, 0)
    h.timers.advance(120_000)
    assert.equal(h.started.length, 1)
    assert.equal(h.log.filter((l) => l.level === 'warn').length, 0, 'a clean stop is not an exit to report')
  })

  it('on stop during a restart wait, starts nothing more', async () => {
    const h = harness()
    h.started[0]!.exit({ code: 1, signal: null })
    await h.waiting()
    await h.supervisor.stop()
    assert.equal(h.timers.pending, 0, 'the wait was cancelled')
    h.timers.advance(120_000)
    assert.equal(h.started.length, 1)
  })

  it('counts a start the OS refused as a process that died at once', async () => {
    let calls = 0
    const h = harness((pid) => {
      if (calls++ === 0) throw new Error('spawn EAGAIN')
      return new FakeProcess(pid)
    })
    await h.waiting()
    assert.equal(h.log.at(-1)?.fields['error'], 'spawn EAGAIN')
    h.timers.advance(1_000)
    await waitFor('a second start', async () => calls, (n) => n === 2, { intervalMs: 1 })
    await h.supervisor.stop()
  })
})
