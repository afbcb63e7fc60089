import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DAY_MS } from '../../../core/model/log.js'
import { checkLogEventBatch, classifyLogEvents } from './check-events.js'

const NOW = Date.UTC(2026, 0, 20)
const HOUR = 60 * 60 * 1000
const at = (...ts: number[]) => ts.map((timestamp, i) => ({ timestamp, message: `m${i}` }))

describe('classifyLogEvents', () => {
  const rows = [
    { why: 'all fresh: everything stored, nothing reported', ts: [NOW - HOUR, NOW], days: undefined, want: { start: 0, end: 2 } },
    {
      why: 'older than 14 days: a prefix, exclusive end index',
      ts: [NOW - 15 * DAY_MS, NOW - 14 * DAY_MS - 1, NOW],
      days: undefined,
      want: { start: 2, end: 3, rejected: { tooOldLogEventEndIndex: 2 } },
    },
    {
      why: 'more than 2 h ahead: a suffix, inclusive start index',
      ts: [NOW, NOW + 2 * HOUR, NOW + 2 * HOUR + 1],
      days: undefined,
      want: { start: 0, end: 2, rejected: { tooNewLogEventStartIndex: 2 } },
    },
    {
      why: 'the doc comment example: too old, expired and too new at once',
      ts: [NOW - 19 * DAY_MS, NOW - 10 * DAY_MS, NOW - DAY_MS, NOW + DAY_MS],
      days: 7,
      want: { start: 2, end: 3, rejected: { tooOldLogEventEndIndex: 1, expiredLogEventEndIndex: 2, tooNewLogEventStartIndex: 3 } },
    },
    {
      why: 'every event rejected still answers, with nothing stored',
      ts: [NOW + 3 * HOUR],
      days: undefined,
      want: { start: 0, end: 0, rejected: { tooNewLogEventStartIndex: 0 } },
    },
  ]
  for (const r of rows) {
    it(r.why, () => assert.deepEqual(classifyLogEvents(at(...r.ts), NOW, r.days), r.want))
  }
})

describe('checkLogEventBatch', () => {
  it('accepts equal timestamps and exactly 24 hours of span', () => {
    checkLogEventBatch(at(NOW, NOW, NOW + DAY_MS))
  })
  it('refuses events out of chronological order', () => {
    assert.throws(() => checkLogEventBatch(at(NOW, NOW - 1)), { code: 'InvalidParameterException', message: /chronological order/ })
  })
  it('refuses a batch spanning more than 24 hours', () => {
    assert.throws(() => checkLogEventBatch(at(NOW, NOW + DAY_MS + 1)), { code: 'InvalidParameterException', message: /span more than 24 hours/ })
  })
  it('counts 26 bytes per event against the 1,048,576-byte limit', () => {
    // 2 events of (524,262 + 26) bytes = 1,048,576 exactly: allowed; one byte more is not.
    const fits = [{ timestamp: NOW, message: 'a'.repeat(524_262) }, { timestamp: NOW, message: 'b'.repeat(524_262) }]
    checkLogEventBatch(fits)
    const over = [fits[0]!, { timestamp: NOW, message: 'b'.repeat(524_263) }]
    assert.throws(() => checkLogEventBatch(over), { code: 'InvalidParameterException', message: /Upload too large: 1048577 bytes/ })
  })
  it('counts message bytes as UTF-8, not characters', () => {
    const euro = '€'.repeat(349_509) // 3 bytes each: 1,048,527 + 26 = 1,048,553 fits; one more does not
    checkLogEventBatch([{ timestamp: NOW, message: euro }])
    assert.throws(() => checkLogEventBatch([{ timestamp: NOW, message: euro + '€'.repeat(8) }]), { code: 'InvalidParameterException' })
  })
})
