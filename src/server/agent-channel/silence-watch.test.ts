import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../../core/clock.js'
import { ManualTimers } from '../../testing/timers.js'
import { SilenceWatch, silenceVerdict } from './silence-watch.js'

describe('silenceVerdict', () => {
  const rows = [
    { last: 0, now: 999, want: { silent: false, recheckInMs: 1 }, why: 'quiet for less than the timeout' },
    { last: 0, now: 1_000, want: { silent: true }, why: 'quiet for exactly the timeout' },
    { last: 900, now: 1_000, want: { silent: false, recheckInMs: 900 }, why: 'a frame since: look again when it could be silent' },
    { last: 0, now: 95_000, want: { silent: true }, why: 'quiet for long' },
  ]
  for (const r of rows) it(`last ${r.last}, now ${r.now}: ${r.why}`, () => assert.deepEqual(silenceVerdict(r.last, r.now, 1_000), r.want))
})

describe('SilenceWatch', () => {
  /** A watch on a manual clock, whose deferred looks run only when the test says the I/O is done. */
  function setup() {
    const clock = new ManualClock(0)
    const timers = new ManualTimers(clock)
    const deferred: (() => void)[] = []
    let silent = 0
    const watch = new SilenceWatch({
      timeoutMs: 1_000,
      now: () => clock.now(),
      timers,
      defer: (fn) => deferred.push(fn),
      onSilent: () => silent++,
    })
    const ioDone = () => deferred.splice(0).forEach((fn) => fn())
    return { clock, timers, watch, ioDone, silent: () => silent }
  }

  it('cuts off an agent that sent nothing for the timeout, once the loop has looked', () => {
    const s = setup()
    s.timers.advance(1_000)
    assert.equal(s.silent(), 0, 'the timer only asks for a look')
    s.ioDone()
    assert.equal(s.silent(), 1)
    s.timers.advance(10_000)
    s.ioDone()
    assert.equal(s.silent(), 1, 'once')
  })

  it('keeps an agent whose frame was waiting when the late timer fired: the look comes after the read', () => {
    const s = setup()
    // The loop was blocked for 95 s: the timer fires late, with the agent's heartbeat unread.
    s.timers.advance(95_000)
    s.watch.heard() // the I/O phase reads the heartbeat
    s.ioDone() // then the deferred look
    assert.equal(s.silent(), 0)
    assert.equal(s.timers.pending, 1, 'and it looks again a timeout after that frame')
    s.timers.advance(999)
    s.ioDone()
    assert.equal(s.silent(), 0)
    s.timers.advance(1)
    s.ioDone()
    assert.equal(s.silent(), 1, 'silent a full timeout after its last frame')
  })

  it('keeps an agent that keeps talking, and stops looking once stopped', () => {
    const s = setup()
    for (let i = 0; i < 10; i++) {
      s.timers.advance(600)
      s.watch.heard()
      s.ioDone()
    }
    assert.equal(s.silent(), 0)
    s.watch.stop()
    assert.equal(s.timers.pending, 0)
    s.timers.advance(5_000)
    s.ioDone()
    assert.equal(s.silent(), 0)
  })
})
