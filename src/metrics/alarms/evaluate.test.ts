import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AlarmState, ComparisonOperator, TreatMissingData } from '../../core/model/alarm.js'
import type { PeriodDatapoint } from '../metric-store.js'
import { breaches, evaluateAlarm, evaluationRange, type EvaluatedAlarm } from './evaluate.js'
import { javaDouble, reasonTime } from './format.js'

const END = Date.UTC(2026, 10, 30, 21, 5)
const PERIOD = 60

const alarm = (over: Partial<EvaluatedAlarm> = {}): EvaluatedAlarm => ({
  statistic: 'Average',
  periodSeconds: PERIOD,
  evaluationPeriods: 3,
  datapointsToAlarm: 3,
  threshold: 50,
  comparisonOperator: 'GreaterThanThreshold',
  treatMissingData: 'missing',
  stateValue: 'OK',
  ...over,
})

/** `0 - X - X`, oldest first over the range: 0 does not breach (10), X breaches (90), - is missing. */
function series(pattern: string, a: EvaluatedAlarm): PeriodDatapoint[] {
  const marks = pattern.split(' ')
  const range = evaluationRange(a, END)
  assert.equal(marks.length, (range.end - range.start) / (PERIOD * 1000), 'one mark per period of the range')
  return marks.flatMap((mark, i) => {
    if (mark === '-') return []
    const value = mark === 'X' ? 90 : 10
    return [{ timestamp: range.start + i * PERIOD * 1000, sampleCount: 1, sum: value, minimum: value, maximum: value, unit: undefined }]
  })
}

const RETAIN = 'retain'
function stateOf(pattern: string, over: Partial<EvaluatedAlarm>): AlarmState | typeof RETAIN {
  const a = alarm(over)
  const result = evaluateAlarm({ alarm: a, datapoints: series(pattern, a), range: evaluationRange(a, END), now: END + 1500 })
  return result?.state ?? RETAIN
}

const TREATMENTS: readonly TreatMissingData[] = ['missing', 'ignore', 'breaching', 'notBreaching']
type Row = [pattern: string, missing: string, ignore: string, breaching: string, notBreaching: string]

// "How alarm state is evaluated when data is missing", CloudWatch User Guide: both tables,
// columns MISSING, IGNORE, BREACHING, NOT BREACHING. INSUFFICIENT is INSUFFICIENT_DATA.
const THREE_OF_THREE: Row[] = [
  ['0 - X - X', 'OK', 'OK', 'OK', 'OK'],
  ['0 - - - -', 'OK', 'OK', 'OK', 'OK'],
  ['- - - - -', 'INSUFFICIENT_DATA', RETAIN, 'ALARM', 'OK'],
  ['0 X X - X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
  ['- - - - X', 'INSUFFICIENT_DATA', RETAIN, 'ALARM', 'OK'],
  ['X - - - -', 'ALARM', RETAIN, 'ALARM', 'OK'],
]
const TWO_OF_THREE: Row[] = [
  ['0 - X - X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
  ['0 0 X 0 X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
  ['0 - X - -', 'OK', 'OK', 'ALARM', 'OK'],
  ['- - - - 0', 'OK', 'OK', 'ALARM', 'OK'],
  ['- - - - X', 'INSUFFICIENT_DATA', RETAIN, 'ALARM', 'OK'],
]

describe('evaluateAlarm: CloudWatch’s missing-data tables', () => {
  for (const [m, rows] of [
    [3, THREE_OF_THREE],
    [2, TWO_OF_THREE],
  ] as const) {
    for (const [pattern, ...expected] of rows) {
      it(`${m} of 3, ${pattern}: ${expected.join(' / ')}`, () => {
        assert.deepEqual(
          TREATMENTS.map((t) => stateOf(pattern, { datapointsToAlarm: m, treatMissingData: t })),
          expected,
        )
      })
    }
  }

  it('with ignore, a retained state is whatever the alarm is in', () => {
    for (const state of ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const) {
      assert.equal(stateOf('- - - - -', { treatMissingData: 'ignore', stateValue: state }), RETAIN)
    }
  })

  it('datapoints outside the range do not count', () => {
    const a = alarm({ evaluationPeriods: 1, datapointsToAlarm: 1 })
    const range = evaluationRange(a, END)
    const before = { timestamp: range.start - 60_000, sampleCount: 1, sum: 90, minimum: 90, maximum: 90, unit: undefined }
    const current = { timestamp: range.end, sampleCount: 1, sum: 90, minimum: 90, maximum: 90, unit: undefined }
    assert.equal(evaluateAlarm({ alarm: a, datapoints: [before, current], range, now: END })?.state, 'INSUFFICIENT_DATA')
  })
})

describe('evaluateAlarm: operators and statistics', () => {
  const OPERATORS: [ComparisonOperator, number, boolean][] = [
    ['GreaterThanThreshold', 50, false],
    ['GreaterThanThreshold', 50.1, true],
    ['GreaterThanOrEqualToThreshold', 50, true],
    ['GreaterThanOrEqualToThreshold', 49.9, false],
    ['LessThanThreshold', 50, false],
    ['LessThanThreshold', 49.9, true],
    ['LessThanOrEqualToThreshold', 50, true],
    ['LessThanOrEqualToThreshold', 50.1, false],
  ]
  for (const [op, value, breaching] of OPERATORS) {
    it(`${value} ${op} 50: ${breaching ? 'breaches' : 'does not'}`, () => assert.equal(breaches(op, value, 50), breaching))
  }

  it('reads the alarm’s statistic of each period', () => {
    const a = alarm({ evaluationPeriods: 1, datapointsToAlarm: 1, threshold: 10 })
    const range = evaluationRange(a, END)
    const d: PeriodDatapoint = { timestamp: range.end - 60_000, sampleCount: 4, sum: 20, minimum: 1, maximum: 11, unit: 'Percent' }
    const state = (statistic: EvaluatedAlarm['statistic']) => evaluateAlarm({ alarm: { ...a, statistic }, datapoints: [d], range, now: END })?.state
    assert.deepEqual(
      (['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount'] as const).map(state),
      ['OK', 'ALARM', 'OK', 'ALARM', 'OK'],
    )
  })
})

describe('evaluateAlarm: CloudWatch’s reasons', () => {
  it('ALARM: the breaching datapoints newest first, the threshold as Java writes it, the M-of-N minimum', () => {
    const a = alarm()
    const range = evaluationRange(a, END)
    const at = (minutesBeforeEnd: number, value: number): PeriodDatapoint => ({
      timestamp: END - minutesBeforeEnd * 60_000,
      sampleCount: 2,
      sum: value * 2,
      minimum: value,
      maximum: value,
      unit: undefined,
    })
    const result = evaluateAlarm({ alarm: a, datapoints: [at(3, 80), at(2, 65), at(1, 72.1)], range, now: END + 1234 })
    assert.equal(result?.state, 'ALARM')
    assert.equal(
      result?.reason,
      'Threshold Crossed: 3 out of the last 3 datapoints [72.1 (30/11/26 21:04:00), 65.0 (30/11/26 21:03:00), 80.0 (30/11/26 21:02:00)] ' +
        'were greater than the threshold (50.0) (minimum 3 datapoints for OK -> ALARM transition).',
    )
    assert.deepEqual(JSON.parse(result!.reasonData), {
      version: '1.0',
      queryDate: '2026-11-30T21:05:01.234+0000',
      startDate: '2026-11-30T21:00:00.000+0000',
      statistic: 'Average',
      period: 60,
      recentDatapoints: [80, 65, 72.1],
      threshold: 50,
      evaluatedDatapoints: [
        { timestamp: '2026-11-30T21:04:00.000+0000', sampleCount: 2, value: 72.1 },
        { timestamp: '2026-11-30T21:03:00.000+0000', sampleCount: 2, value: 65 },
        { timestamp: '2026-11-30T21:02:00.000+0000', sampleCount: 2, value: 80 },
      ],
    })
  })

  it('OK: the datapoints that did not breach, and the minimum for ALARM -> OK', () => {
    const a = alarm({ evaluationPeriods: 1, datapointsToAlarm: 1, comparisonOperator: 'LessThanOrEqualToThreshold', threshold: 0 })
    const range = evaluationRange(a, END)
    const d: PeriodDatapoint = { timestamp: END - 60_000, sampleCount: 1, sum: 3, minimum: 3, maximum: 3, unit: undefined }
    assert.equal(
      evaluateAlarm({ alarm: a, datapoints: [d], range, now: END })?.reason,
      'Threshold Crossed: 1 out of the last 1 datapoints [3.0 (30/11/26 21:04:00)] was not less than or equal to the threshold (0.0) (minimum 1 datapoint for ALARM -> OK transition).',
    )
  })

  it('all missing: INSUFFICIENT_DATA, or the missing datapoints as treated', () => {
    const reason = (treatMissingData: TreatMissingData) => {
      const a = alarm({ treatMissingData })
      return evaluateAlarm({ alarm: a, datapoints: [], range: evaluationRange(a, END), now: END })?.reason
    }
    assert.equal(reason('missing'), 'Insufficient Data: 3 datapoints were unknown.')
    assert.equal(reason('breaching'), 'Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching].')
    assert.equal(reason('notBreaching'), 'Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [NonBreaching].')
  })

  it('writes numbers as Java’s Double.toString and times as dd/MM/yy', () => {
    assert.deepEqual([50, 72.1, 0, -3, 1e7, 0.0001, 123456.5].map(javaDouble), ['50.0', '72.1', '0.0', '-3.0', '1.0E7', '1.0E-4', '123456.5'])
    assert.equal(reasonTime(Date.UTC(2026, 10, 30, 21, 3)), '30/11/26 21:03:00')
  })
})
