import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { nextOccurrence, parseSchedule } from './schedule.js'

const at = (iso: string) => Date.parse(iso)
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString())

describe('next occurrence of a schedule', () => {
  const anchor = at('2026-03-01T00:00:00Z')
  const cases: [schedule: string, after: string, timezone: string | undefined, want: string | undefined][] = [
    ['at(2026-03-02T12:00:00)', '2026-03-01T00:00:00Z', undefined, '2026-03-02T12:00:00.000Z'],
    ['at(2026-03-02T12:00:00)', '2026-03-02T12:00:00Z', undefined, undefined], // once, and passed
    ['at(2026-03-02T12:00:00)', '2026-03-01T00:00:00Z', 'Asia/Tokyo', '2026-03-02T03:00:00.000Z'],
    ['rate(5 minutes)', '2026-03-01T00:00:00Z', undefined, '2026-03-01T00:05:00.000Z'],
    ['rate(5 minutes)', '2026-03-01T00:07:00Z', undefined, '2026-03-01T00:10:00.000Z'],
    ['rate(1 day)', '2026-03-01T10:00:00Z', undefined, '2026-03-02T00:00:00.000Z'],
    ['rate(2 hours)', '2026-02-01T00:00:00Z', undefined, '2026-03-01T00:00:00.000Z'], // before the anchor: the anchor
    ['cron(0 18 ? * MON-FRI *)', '2026-03-06T18:00:00Z', undefined, '2026-03-09T18:00:00.000Z'], // Friday 18:00 → Monday
    ['cron(30 9 * * ? *)', '2026-03-01T09:30:00Z', undefined, '2026-03-02T09:30:00.000Z'],
    ['cron(0/15 * * * ? *)', '2026-03-01T00:07:00Z', undefined, '2026-03-01T00:15:00.000Z'],
    ['cron(0 0 1 JAN,JUL ? *)', '2026-03-01T00:00:00Z', undefined, '2026-07-01T00:00:00.000Z'],
    ['cron(0 0 1 1 ? 2027)', '2026-03-01T00:00:00Z', undefined, '2027-01-01T00:00:00.000Z'],
    ['cron(0 0 1 1 ? 2025)', '2026-03-01T00:00:00Z', undefined, undefined],
    // 9:00 in Paris is 8:00 UTC in winter and 7:00 UTC in summer (clocks change on 29 March 2026).
    ['cron(0 9 * * ? *)', '2026-03-27T12:00:00Z', 'Europe/Paris', '2026-03-28T08:00:00.000Z'],
    ['cron(0 9 * * ? *)', '2026-03-28T12:00:00Z', 'Europe/Paris', '2026-03-29T07:00:00.000Z'],
    ['cron(0 18 ? * 6 *)', '2026-03-01T00:00:00Z', 'America/New_York', '2026-03-06T23:00:00.000Z'], // Friday (6) 18:00 EST
  ]
  for (const [schedule, after, timezone, want] of cases) {
    it(`${schedule}${timezone ? ` in ${timezone}` : ''} after ${after} → ${want ?? 'never'}`, () => {
      assert.equal(iso(nextOccurrence(parseSchedule(schedule), at(after), { timezone, anchor })), want)
    })
  }
})

describe('schedules refused', () => {
  const cases: [schedule: string, message: RegExp][] = [
    ['every 5 minutes', /at\(\.\.\.\), rate\(\.\.\.\) or cron/],
    ['at(2026-02-30T00:00:00)', /no such time/],
    ['at(2026-03-01 00:00)', /yyyy-mm-ddThh:mm:ss/],
    ['rate(0 minutes)', /positive/],
    ['rate(1 minutes)', /singular/],
    ['rate(5 minute)', /plural/],
    ['rate(5 weeks)', /minute\(s\), hour\(s\) or day\(s\)/],
    ['cron(0 18 * * MON *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 18 ? * MON)', /six fields/],
    ['cron(0 25 * * ? *)', /hours must be within 0-23/],
    ['cron(0 18 L * ? *)', /L, W or #/],
    ['cron(0 18 ? * 6#3 *)', /L, W or #/],
  ]
  for (const [schedule, message] of cases) it(schedule, () => assert.throws(() => parseSchedule(schedule), message))
})
