import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { cpuUnitsBetween } from './cpu-units.js'

const S = 1e9

describe('cpuUnitsBetween', () => {
  const rows = [
    { why: 'one core busy on a 2-core host for 1 s: 1024 units', prev: [0, 0], cur: [1 * S, 2 * S], cpus: 2, want: 1024 },
    { why: 'two cores busy on a 2-core host: 2048', prev: [5 * S, 100 * S], cur: [7 * S, 102 * S], cpus: 2, want: 2048 },
    { why: 'idle: 0', prev: [3 * S, 10 * S], cur: [3 * S, 14 * S], cpus: 4, want: 0 },
    { why: 'a quarter of one core on 4 cores', prev: [0, 0], cur: [0.25 * S, 4 * S], cpus: 4, want: 256 },
    { why: 'the host counter did not move: no answer', prev: [0, 5 * S], cur: [1 * S, 5 * S], cpus: 2, want: undefined },
    { why: 'the container restarted (its counter went back): no answer', prev: [9 * S, 0], cur: [1 * S, 2 * S], cpus: 2, want: undefined },
    { why: 'no online CPUs reported: no answer', prev: [0, 0], cur: [1 * S, 2 * S], cpus: 0, want: undefined },
  ] as const
  for (const r of rows) {
    it(r.why, () => {
      const got = cpuUnitsBetween(
        { cpuTotalNs: r.prev[0], systemCpuNs: r.prev[1], onlineCpus: r.cpus },
        { cpuTotalNs: r.cur[0], systemCpuNs: r.cur[1], onlineCpus: r.cpus },
      )
      assert.equal(got, r.want)
    })
  }
})
