import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ResumeWindow, START_OF_LOG, type LogPosition } from './resume-window.js'

/**
 * The property behind resumption, checked by brute force: replaying a log "since P.sinceMs"
 * and dropping P.skip events gives exactly the events after P.sequence. `times` is the log in
 * replay order (not necessarily sorted); `replay` is what a runtime answers.
 */
const replay = (times: readonly number[], sinceMs: number | undefined) =>
  times.map((t, i) => ({ t, seq: i + 1 })).filter((e) => sinceMs === undefined || e.t >= sinceMs)
const resumed = (times: readonly number[], p: LogPosition) => replay(times, p.sinceMs).slice(p.skip).map((e) => e.seq)
const isSorted = (times: readonly number[]) => times.every((t, i) => i === 0 || t >= (times[i - 1] as number))
const after = (times: readonly number[], p: LogPosition) => times.map((_, i) => i + 1).filter((s) => s > p.sequence)

describe('ResumeWindow', () => {
  it('works the doc comment example', () => {
    const w = new ResumeWindow({ sequence: 10, sinceMs: 4000, skip: 3 }, 1000)
    for (const t of [4500, 4990, 5600, 5400]) w.push(t)
    assert.deepEqual(w.positionAfter(14), { sequence: 14, sinceMs: 4400, skip: 4 })
    assert.deepEqual(w.positionAfter(12), { sequence: 12, sinceMs: 3990, skip: 5 })
    assert.deepEqual(w.positionAfter(10), { sequence: 10, sinceMs: 4000, skip: 3 })
    assert.equal(w.knowsBase, false)
  })

  const logs: { why: string; times: number[]; margin: number }[] = [
    { why: 'one line per millisecond', times: Array.from({ length: 50 }, (_, i) => 1000 + i), margin: 5 },
    { why: 'many lines share a millisecond', times: Array.from({ length: 60 }, (_, i) => 1000 + Math.floor(i / 7)), margin: 0 },
    { why: 'stdout and stderr stamped out of file order, within the margin', times: [1000, 1002, 1001, 1003, 1003, 1002, 1005, 1004, 1006], margin: 2 },
    { why: 'long silences', times: [1000, 1000, 9000, 9000, 9001, 50_000], margin: 1000 },
  ]
  for (const { why, times, margin } of logs) {
    it(`resumes exactly after every event, acknowledged in steps (${why})`, () => {
      for (const step of [1, 3, 7]) {
        const w = new ResumeWindow(START_OF_LOG, margin)
        times.forEach((t) => w.push(t))
        for (let acked = step; acked <= times.length; acked += step) {
          for (let s = acked; s <= times.length; s++) {
            for (const p of [w.positionAfter(s), w.cursorAfter(s)]) {
              assert.deepEqual(resumed(times, p), after(times, p), `position after ${s} with ${acked} released: ${JSON.stringify(p)}`)
            }
          }
          const p = w.cursorAfter(acked)
          assert.deepEqual(resumed(times, p), after(times, p), `cursor after ${acked}: ${JSON.stringify(p)}`)
          w.release(acked, p.sinceMs)
          // A new window from the persisted position (an agent restart) resumes as exactly,
          // once the first read from it taught it the stamps of the events it skipped.
          const restarted = new ResumeWindow(p, margin)
          restarted.learnBase(replay(times, p.sinceMs).slice(0, p.skip).map((e) => e.t))
          assert.ok(restarted.knowsBase)
          times.slice(acked).forEach((t) => restarted.push(t))
          for (let s = acked; s <= times.length; s++) {
            assert.deepEqual(resumed(times, restarted.positionAfter(s)), after(times, { sequence: s, skip: 0 }))
            const got = resumed(times, restarted.cursorAfter(s))
            for (const want of after(times, { sequence: s, skip: 0 })) assert.ok(got.includes(want), `event ${want} lost resuming from the cursor after ${s}`)
            if (isSorted(times)) assert.deepEqual(got, after(times, { sequence: s, skip: 0 }))
          }
          // Without that lesson it can only undercount: duplicates, never a lost line.
          const untaught = new ResumeWindow(p, margin)
          times.slice(acked).forEach((t) => untaught.push(t))
          for (let s = acked; s <= times.length; s++) {
            const got = resumed(times, untaught.cursorAfter(s))
            for (const want of after(times, { sequence: s, skip: 0 })) assert.ok(got.includes(want), `event ${want} lost resuming after ${s}`)
          }
        }
      }
    })
  }

  it('never loses an event, and is exact in process, over random logs stamped up to a margin out of order', () => {
    let seed = 42
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let run = 0; run < 200; run++) {
      const margin = Math.floor(random() * 5)
      const times: number[] = []
      let clock = 1000
      for (let i = 0; i < 40; i++) {
        clock += random() < 0.5 ? 0 : Math.floor(random() * 3) // bursts within a millisecond, and gaps
        times.push(clock - Math.floor(random() * (margin + 1))) // stamped up to `margin` early
      }
      const w = new ResumeWindow(START_OF_LOG, margin)
      times.forEach((t) => w.push(t))
      let acked = 0
      while (acked < times.length) {
        acked = Math.min(times.length, acked + 1 + Math.floor(random() * 6))
        const cursor = w.cursorAfter(acked)
        assert.deepEqual(resumed(times, cursor), after(times, cursor), `run ${run} cursor after ${acked}`)
        w.release(acked, cursor.sinceMs)
        const s = acked + Math.floor(random() * (times.length - acked + 1))
        assert.deepEqual(resumed(times, w.positionAfter(s)), after(times, { sequence: s, skip: 0 }), `run ${run} position after ${s}`)
      }
    }
  })

  it('releases only what a resume can no longer replay, and stays exact', () => {
    const w = new ResumeWindow(START_OF_LOG, 100)
    const times = Array.from({ length: 5000 }, (_, i) => 1000 + i) // one per ms
    times.forEach((t) => w.push(t))
    const p = w.cursorAfter(4000) // event 4000 is stamped 4999: sinceMs 4999 - 2 * 100 = 4799
    w.release(4000, p.sinceMs)
    assert.equal(w.held, 5000 - 3700 + 1) // kept from a margin earlier, 4699 ms: numbers 3700..5000
    assert.deepEqual(resumed(times, w.positionAfter(4500)), after(times, { sequence: 4500, skip: 0 }))
  })

  it('undercounts, never overcounts, when time steps back further than the margin', () => {
    const times = [5000, 5001, 5002, 1000, 1001]
    const w = new ResumeWindow(START_OF_LOG, 0)
    times.forEach((t) => w.push(t))
    w.release(3, w.cursorAfter(3).sinceMs)
    const p = w.positionAfter(5) // sinceMs 1001: replays 5000 5001 5002 1001; skip counts 1001 only
    const got = resumed(times, p)
    for (const s of after(times, p)) assert.ok(got.includes(s), `event ${s} would be lost`)
  })

  it('knows when its held stamps are in order again, once the disorder is released', () => {
    const w = new ResumeWindow(START_OF_LOG, 1)
    for (const t of [10, 12, 11, 13, 20, 30]) w.push(t)
    assert.equal(w.ordered, false)
    w.release(3, 11) // keeps from 10: nothing released
    assert.equal(w.ordered, false)
    w.release(4, 13) // keeps from 12: releases 10 only (12 is next, and stops the release)
    assert.equal(w.held, 5)
    assert.equal(w.ordered, false)
    w.release(6, 29) // keeps from 28: releases 12 11 13 20
    assert.equal(w.held, 1)
    assert.equal(w.ordered, true)
    assert.deepEqual(w.positionAfter(6), { sequence: 6, sinceMs: 29, skip: 1 })
  })

  it('grows past its first ring size without losing order', () => {
    const w = new ResumeWindow(START_OF_LOG, 0)
    for (let i = 0; i < 3000; i++) w.push(i + 1)
    w.release(1500, 1200)
    for (let i = 3000; i < 6000; i++) w.push(i + 1)
    assert.equal(w.timeOf(1200), 1200)
    assert.equal(w.timeOf(6000), 6000)
    assert.throws(() => w.timeOf(1199), RangeError)
  })
})
