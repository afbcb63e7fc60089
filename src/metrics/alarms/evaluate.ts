import type { AlarmRecord, AlarmState, ComparisonOperator } from '../../core/model/alarm.js'
import { statisticOf, type PeriodDatapoint } from '../metric-store.js'
import { dataTime, javaDouble, reasonTime } from './format.js'

/** What evaluation reads of an alarm. */
export type EvaluatedAlarm = Pick<
  AlarmRecord,
  | 'statistic'
  | 'periodSeconds'
  | 'unit'
  | 'evaluationPeriods'
  | 'datapointsToAlarm'
  | 'threshold'
  | 'comparisonOperator'
  | 'treatMissingData'
  | 'stateValue'
>

/**
 * How many periods CloudWatch looks back. It retrieves more than EvaluationPeriods so that a
 * late or missing datapoint does not decide the state on its own; its documentation's worked
 * examples retrieve 5 for 3 evaluation periods, and Berth looks back N + 2 whatever the period.
 */
export const evaluationRangePeriods = (alarm: Pick<AlarmRecord, 'evaluationPeriods'>): number => alarm.evaluationPeriods + 2

/** The periods an evaluation at the period boundary `end` reads: [start, end), epoch ms. */
export function evaluationRange(alarm: Pick<AlarmRecord, 'evaluationPeriods' | 'periodSeconds'>, end: number): { start: number; end: number } {
  return { start: end - evaluationRangePeriods(alarm) * alarm.periodSeconds * 1000, end }
}

export interface EvaluationInput {
  alarm: EvaluatedAlarm
  /** The metric's datapoints in the evaluation range, as MetricStore.query answers (oldest first, periods without data absent). */
  datapoints: readonly PeriodDatapoint[]
  /** The evaluation range, evaluationRange(alarm, end). */
  range: { start: number; end: number }
  /** When the evaluation ran (StateReasonData's queryDate). */
  now: number
}

/** A new state with its reason, or `undefined`: the alarm keeps its state (`ignore` with too little data). */
export interface Evaluation {
  state: AlarmState
  reason: string
  /** JSON, as CloudWatch's StateReasonData. */
  reasonData: string
}

interface Point {
  timestamp: number
  value: number
  sampleCount: number
  breaching: boolean
}

/**
 * Decides an alarm's state from the datapoints of its evaluation range, as CloudWatch does
 * ("How alarm state is evaluated when data is missing", CloudWatch User Guide):
 *
 * - EvaluationPeriods (N) or more datapoints in the range: the newest N decide; how missing
 *   data is treated does not matter. ALARM when DatapointsToAlarm (M) of them breach, else OK.
 * - None: `missing` → INSUFFICIENT_DATA, `ignore` → the state stays, `breaching` → ALARM,
 *   `notBreaching` → OK.
 * - Some, fewer than N: every real datapoint counts, and N minus their number are filled in:
 *   - `breaching` / `notBreaching`: the fills breach or do not; ALARM when M breach, else OK.
 *   - `missing` / `ignore`: ALARM when M real ones breach; OK when any real one does not;
 *     when only breaching ones are there, `missing` goes to ALARM if the oldest of them is at
 *     least M periods old (the later periods being all missing, AWS's knowledge centre
 *     "alarm after a single breached data point"), else INSUFFICIENT_DATA; `ignore` stays.
 *
 * The documentation's two tables are this function's table test (evaluate.test.ts).
 */
export function evaluateAlarm(input: EvaluationInput): Evaluation | undefined {
  const { alarm, range } = input
  const periodMs = alarm.periodSeconds * 1000
  const n = alarm.evaluationPeriods
  const m = alarm.datapointsToAlarm
  const points: Point[] = input.datapoints
    .filter((d) => d.timestamp >= range.start && d.timestamp < range.end)
    .map((d) => {
      const value = statisticOf(d, alarm.statistic)
      return { timestamp: d.timestamp, value, sampleCount: d.sampleCount, breaching: breaches(alarm.comparisonOperator, value, alarm.threshold) }
    })
    .sort((a, b) => b.timestamp - a.timestamp) // newest first
  const reason = new Reasons(input, points)

  if (points.length >= n) {
    const evaluated = points.slice(0, n)
    const breaching = evaluated.filter((p) => p.breaching).length
    return breaching >= m ? reason.alarm(evaluated, breaching, 0) : reason.ok(evaluated, n - breaching, 0)
  }

  const fills = n - points.length
  const breaching = points.filter((p) => p.breaching).length
  switch (alarm.treatMissingData) {
    case 'breaching':
      if (points.length === 0) return reason.allMissing('ALARM')
      return breaching + fills >= m ? reason.alarm(points, breaching, fills) : reason.ok(points, points.length - breaching, 0)
    case 'notBreaching':
      if (points.length === 0) return reason.allMissing('OK')
      return breaching >= m ? reason.alarm(points, breaching, 0) : reason.ok(points, points.length - breaching, fills)
    case 'missing':
    case 'ignore': {
      const keep = alarm.treatMissingData === 'ignore'
      if (points.length === 0) return keep ? undefined : reason.insufficient()
      if (breaching >= m) return reason.alarm(points, breaching, 0)
      if (breaching < points.length) return reason.ok(points, points.length - breaching, 0)
      if (keep) return undefined
      const oldest = points[points.length - 1]!
      const periodsOld = Math.round((range.end - oldest.timestamp) / periodMs)
      return periodsOld >= m ? reason.alarm(points, breaching, 0) : reason.insufficient()
    }
  }
}

export function breaches(op: ComparisonOperator, value: number, threshold: number): boolean {
  switch (op) {
    case 'GreaterThanThreshold':
      return value > threshold
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold
    case 'LessThanThreshold':
      return value < threshold
    case 'LessThanOrEqualToThreshold':
      return value <= threshold
  }
}

const OPERATOR_TEXT: Record<ComparisonOperator, string> = {
  GreaterThanThreshold: 'greater than',
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
}

const datapoints = (k: number) => (k === 1 ? '1 datapoint' : `${k} datapoints`)

/** CloudWatch's StateReason and StateReasonData for each outcome. */
class Reasons {
  constructor(
    private readonly input: EvaluationInput,
    private readonly points: readonly Point[],
  ) {}

  /** `count` breach (real ones among `evaluated`, plus `filled` missing ones treated as breaching). */
  alarm(evaluated: readonly Point[], count: number, filled: number): Evaluation {
    const { alarm } = this.input
    const listed = evaluated.filter((p) => p.breaching)
    return this.#crossed('ALARM', listed, count + filled, filled, 'Breaching', `(minimum ${datapoints(alarm.datapointsToAlarm)} for OK -> ALARM transition)`, '')
  }

  /** `count` do not breach (real ones among `evaluated`, plus `filled` missing ones treated as not breaching). */
  ok(evaluated: readonly Point[], count: number, filled: number): Evaluation {
    const { alarm } = this.input
    const listed = evaluated.filter((p) => !p.breaching)
    const minimum = alarm.evaluationPeriods - alarm.datapointsToAlarm + 1
    return this.#crossed('OK', listed, count + filled, filled, 'NonBreaching', `(minimum ${datapoints(minimum)} for ALARM -> OK transition)`, 'not ')
  }

  /** Every datapoint of the range missing, treated as breaching (ALARM) or not (OK). */
  allMissing(state: 'ALARM' | 'OK'): Evaluation {
    const n = this.input.alarm.evaluationPeriods
    const as = state === 'ALARM' ? 'Breaching' : 'NonBreaching'
    const periods = n === 1 ? '1 period' : `${n} periods`
    return this.#result(state, `Threshold Crossed: no datapoints were received for ${periods} and ${n} missing ${n === 1 ? 'datapoint was' : 'datapoints were'} treated as [${as}].`)
  }

  insufficient(): Evaluation {
    const unknown = this.input.alarm.evaluationPeriods - this.points.length
    return this.#result('INSUFFICIENT_DATA', `Insufficient Data: ${datapoints(unknown)} ${unknown === 1 ? 'was' : 'were'} unknown.`)
  }

  #crossed(state: AlarmState, listed: readonly Point[], count: number, filled: number, as: string, minimum: string, not: string): Evaluation {
    const { alarm } = this.input
    const list = listed.map((p) => `${javaDouble(p.value)} (${reasonTime(p.timestamp)})`).join(', ')
    const missing = filled === 0 ? '' : ` and ${filled} missing ${filled === 1 ? 'datapoint' : 'datapoints'} treated as [${as}]`
    const verb = count === 1 ? 'was' : 'were'
    const reason =
      `Threshold Crossed: ${count} out of the last ${alarm.evaluationPeriods} datapoints [${list}]${missing} ${verb} ` +
      `${not}${OPERATOR_TEXT[alarm.comparisonOperator]} the threshold (${javaDouble(alarm.threshold)}) ${minimum}.`
    return this.#result(state, reason)
  }

  #result(state: AlarmState, reason: string): Evaluation {
    return { state, reason, reasonData: this.#data() }
  }

  /** StateReasonData: what was read, oldest first in recentDatapoints, newest first in evaluatedDatapoints. */
  #data(): string {
    const { alarm, range, now } = this.input
    const evaluated = this.points.slice(0, alarm.evaluationPeriods)
    const data: Record<string, unknown> = {
      version: '1.0',
      queryDate: dataTime(now),
      startDate: dataTime(range.start),
      ...(alarm.unit ? { unit: alarm.unit } : {}),
      statistic: alarm.statistic,
      period: alarm.periodSeconds,
      recentDatapoints: [...this.points].reverse().map((p) => p.value),
      threshold: alarm.threshold,
      evaluatedDatapoints: evaluated.map((p) => ({ timestamp: dataTime(p.timestamp), sampleCount: p.sampleCount, value: p.value })),
    }
    return JSON.stringify(data)
  }
}
