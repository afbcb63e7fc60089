import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { statsIntervalMsFor } from './compose.js'

describe('statsIntervalMsFor', () => {
  const rows: [period: number | undefined, ms: number][] = [
    [undefined, 5_000],
    [60, 5_000],
    [30, 5_000],
    [10, 2_000],
  ]
  for (const [period, ms] of rows) {
    it(`${period ?? 'no'} s periods: every ${ms / 1000} s`, () => assert.equal(statsIntervalMsFor(period), ms))
  }
})
