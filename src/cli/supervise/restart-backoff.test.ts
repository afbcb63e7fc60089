import assert from 'node:assert/strict'
import { it } from 'node:test'
import { nextRestartDelay, RESTART_BACKOFF } from './restart-backoff.js'

const ROWS = [
  { previous: undefined, uptime: 0, want: 1_000 }, // the first exit: the shortest wait
  { previous: 1_000, uptime: 50, want: 2_000 }, // died at once again: twice as long
  { previous: 16_000, uptime: 50, want: 30_000 }, // capped
  { previous: 30_000, uptime: 50, want: 30_000 }, // and stays there: tried every 30 s, never a tight loop
  { previous: 30_000, uptime: 59_999, want: 30_000 }, // a minute less a millisecond is still a crash loop
  { previous: 30_000, uptime: 60_000, want: 1_000 }, // it ran a minute: the next wait starts over
  { previous: undefined, uptime: 600_000, want: 1_000 }, // killed once after ten minutes
]

for (const [i, r] of ROWS.entries()) {
  it(`nextRestartDelay row ${i}: after ${r.previous} ms, up ${r.uptime} ms → ${r.want} ms`, () =>
    assert.equal(nextRestartDelay(r.previous, r.uptime, RESTART_BACKOFF), r.want))
}

it('a process that keeps dying at once is tried 1, 2, 4, 8, 16, 30, 30 s apart', () => {
  const waits: number[] = []
  let previous: number | undefined
  for (let i = 0; i < 7; i++) waits.push((previous = nextRestartDelay(previous, 0)))
  assert.deepEqual(waits, [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000])
})
