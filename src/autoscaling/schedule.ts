/**
 * Scheduled actions' schedules, as Application Auto Scaling reads them (pure):
 *   at(yyyy-mm-ddThh:mm:ss)                 once, at that wall time in the action's Timezone
 *   rate(<n> minute|minutes|hour|hours|day|days)   every n units from StartTime (else creation)
 *   cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)   EventBridge's six
 *       fields, in the Timezone: `*`, `?`, numbers, `a-b`, `a,b`, `x/n`, JAN-DEC, SUN-SAT
 *       (1 = Sunday); one of day-of-month and day-of-week must be `?`. `L`, `W` and `#` are refused.
 * Timezones are IANA names (Intl); the default is UTC.
 */
export type Schedule =
  | { kind: 'at'; wall: Wall }
  | { kind: 'rate'; everyMs: number }
  | { kind: 'cron'; fields: CronFields }

interface Wall {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

export interface CronFields {
  minutes: Set<number>
  hours: Set<number>
  /** undefined: `?` (any day; the other day field decides). */
  daysOfMonth: Set<number> | undefined
  months: Set<number>
  /** 1 = Sunday ... 7 = Saturday; undefined: `?`. */
  daysOfWeek: Set<number> | undefined
  years: Set<number> | undefined
}

/** Parses a schedule; throws an Error whose message says what is wrong. */
export function parseSchedule(text: string): Schedule {
  const m = /^(at|rate|cron)\((.*)\)$/.exec(text.trim())
  if (!m) throw new Error(`Schedule must be at(...), rate(...) or cron(...): ${text}`)
  const body = m[2]!.trim()
  if (m[1] === 'at') return { kind: 'at', wall: parseWall(body) }
  if (m[1] === 'rate') return { kind: 'rate', everyMs: parseRate(body) }
  return { kind: 'cron', fields: parseCron(body) }
}

function parseWall(body: string): Wall {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body)
  if (!m) throw new Error(`at() takes yyyy-mm-ddThh:mm:ss: at(${body})`)
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second))
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new Error(`at() names no such time: at(${body})`)
  }
  return { year, month, day, hour, minute, second }
}

const RATE_UNITS: Record<string, number> = { minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000 }

function parseRate(body: string): number {
  const m = /^(\d{1,9})\s+([a-z]+)$/.exec(body)
  const unit = m ? RATE_UNITS[m[2]!] : undefined
  if (!m || unit === undefined || Number(m[1]) < 1) throw new Error(`rate() takes a positive number and minute(s), hour(s) or day(s): rate(${body})`)
  const n = Number(m[1])
  if ((n === 1) !== !m[2]!.endsWith('s')) throw new Error(`rate() takes the singular unit for 1 and the plural otherwise: rate(${body})`)
  return n * unit
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

function parseCron(body: string): CronFields {
  const parts = body.split(/\s+/)
  if (parts.length !== 6) throw new Error(`cron() takes six fields (minutes hours day-of-month month day-of-week year): cron(${body})`)
  const [min, hour, dom, month, dow, year] = parts as [string, string, string, string, string, string]
  if ((dom === '?') === (dow === '?')) throw new Error(`cron(): exactly one of day-of-month and day-of-week must be '?': cron(${body})`)
  return {
    minutes: field(min, 0, 59, 'minutes'),
    hours: field(hour, 0, 23, 'hours'),
    daysOfMonth: dom === '?' ? undefined : field(dom, 1, 31, 'day-of-month'),
    months: field(month, 1, 12, 'month', MONTHS),
    daysOfWeek: dow === '?' ? undefined : field(dow, 1, 7, 'day-of-week', DAYS),
    years: year === '*' ? undefined : field(year, 1970, 2199, 'year'),
  }
}

function field(text: string, lo: number, hi: number, name: string, names?: readonly string[]): Set<number> {
  if (/[LW#]/.test(text.replace(/[A-Z]{3}/g, (w) => (names?.includes(w) ? '' : w)))) {
    throw new Error(`cron(): Berth does not support L, W or # (${name}: ${text})`)
  }
  const value = (v: string): number => {
    const i = names?.indexOf(v.toUpperCase()) ?? -1
    const n = i >= 0 ? i + 1 : /^\d+$/.test(v) ? Number(v) : NaN
    if (!(n >= lo && n <= hi)) throw new Error(`cron(): ${name} must be within ${lo}-${hi}: ${text}`)
    return n
  }
  const out = new Set<number>()
  for (const item of text.split(',')) {
    const [range, stepText] = item.split('/') as [string, string | undefined]
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron(): bad step in ${name}: ${text}`)
    let from: number
    let to: number
    if (range === '*') [from, to] = [lo, hi]
    else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string]
      ;[from, to] = [value(a), value(b)]
    } else [from, to] = [value(range), stepText === undefined ? value(range) : hi]
    if (from > to) throw new Error(`cron(): ${name} range runs backwards: ${text}`)
    for (let v = from; v <= to; v += step) out.add(v)
  }
  return out
}

/** Checks a timezone name; throws when Intl does not know it. */
export function checkTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone })
  } catch {
    throw new Error(`Unknown timezone: ${timezone}`)
  }
}

/**
 * The first time the schedule fires strictly after `after` (epoch ms), or undefined when it
 * never does again. `anchor` is where a rate counts from (StartTime, else the action's creation).
 */
export function nextOccurrence(schedule: Schedule, after: number, options: { timezone?: string | undefined; anchor: number }): number | undefined {
  const tz = options.timezone ?? 'UTC'
  switch (schedule.kind) {
    case 'at': {
      const t = wallToEpoch(schedule.wall, tz)
      return t > after ? t : undefined
    }
    case 'rate': {
      if (after < options.anchor) return options.anchor
      const k = Math.floor((after - options.anchor) / schedule.everyMs) + 1
      return options.anchor + k * schedule.everyMs
    }
    case 'cron':
      return nextCron(schedule.fields, after, tz)
  }
}

/** Walks day by day (at most ten years) in the zone's calendar, then hours and minutes. */
function nextCron(f: CronFields, after: number, tz: string): number | undefined {
  const start = epochToWall(after, tz)
  let day = Date.UTC(start.year, start.month - 1, start.day)
  for (let i = 0; i < 3700; i++, day += 86_400_000) {
    const d = new Date(day)
    const year = d.getUTCFullYear()
    const month = d.getUTCMonth() + 1
    const dom = d.getUTCDate()
    const dow = d.getUTCDay() + 1
    if (f.years && !f.years.has(year)) continue
    if (!f.months.has(month)) continue
    if (f.daysOfMonth && !f.daysOfMonth.has(dom)) continue
    if (f.daysOfWeek && !f.daysOfWeek.has(dow)) continue
    for (const hour of [...f.hours].sort((a, b) => a - b)) {
      for (const minute of [...f.minutes].sort((a, b) => a - b)) {
        const t = wallToEpoch({ year, month, day: dom, hour, minute, second: 0 }, tz)
        if (t > after) return t
      }
    }
  }
  return undefined
}

/** The zone's wall clock at an instant. */
export function epochToWall(ms: number, tz: string): Wall {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') }
}

/** The instant a wall time names in a zone (the earlier one when a clock change repeats it). */
export function wallToEpoch(w: Wall, tz: string): number {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  const offsetAt = (ms: number) => {
    const v = epochToWall(ms, tz)
    return Date.UTC(v.year, v.month - 1, v.day, v.hour, v.minute, v.second) - Math.floor(ms / 1000) * 1000
  }
  // Two rounds: the offset at the guess may differ from the offset at the answer near a change.
  let t = asUtc - offsetAt(asUtc)
  t = asUtc - offsetAt(t)
  return t
}
