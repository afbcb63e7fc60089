import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type * as Cw from '../../../core/aws-model/cloudwatch.types.js'
import { ManualClock } from '../../../core/clock.js'
import { MemoryMetricStore } from '../../../metrics/memory-metric-store.js'
import { metricId, single } from '../../../metrics/metric-store.js'
import { computeResults } from './get-metric-data.js'

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0)
const M = 60_000
const clock = new ManualClock(T0 + 10 * M)
const store = new MemoryMetricStore(clock)
store.put([
  { metric: metricId('App', 'a'), timestamp: T0, values: single(1), storageResolution: 60 },
  { metric: metricId('App', 'a'), timestamp: T0 + 2 * M, values: single(3), storageResolution: 60 },
  { metric: metricId('App', 'b'), timestamp: T0 + 2 * M, values: single(10), storageResolution: 60 },
])
const stat = (name: string): Cw.MetricStat => ({ Metric: { Namespace: 'App', MetricName: name }, Period: 60, Stat: 'Sum' })
const run = (queries: Cw.MetricDataQuery[], minutes = 4) =>
  computeResults(queries, T0, T0 + minutes * M, store).map((r) => [r.id, r.label, r.points.map(([t, v]) => [(t - T0) / M, v])])

describe('GetMetricData results', () => {
  it('labels: a MetricStat its metric name, an expression its Id, a Label wins', () =>
    assert.deepEqual(
      run([
        { Id: 'a', MetricStat: stat('a') },
        { Id: 'e', Expression: 'a + 1' },
        { Id: 'f', Expression: 'a * 2', Label: 'Twice' },
      ]),
      [
        ['a', 'a', [[0, 1], [2, 3]]],
        ['e', 'e', [[0, 2], [2, 4]]],
        ['f', 'Twice', [[0, 2], [2, 6]]],
      ],
    ))

  it('an array gives one result per series, under the one Id', () =>
    assert.deepEqual(
      run([
        { Id: 'a', MetricStat: stat('a'), ReturnData: false },
        { Id: 'b', MetricStat: stat('b'), ReturnData: false },
        { Id: 'all', Expression: 'FILL(METRICS(), 0)' },
      ]),
      [
        ['all', 'a', [[0, 1], [1, 0], [2, 3], [3, 0]]],
        ['all', 'b', [[0, 0], [1, 0], [2, 10], [3, 0]]],
      ],
    ))

  it('expressions may use expressions', () =>
    assert.deepEqual(run([{ Id: 'a', MetricStat: stat('a'), ReturnData: false }, { Id: 'x', Expression: 'a * 10', ReturnData: false }, { Id: 'y', Expression: 'x + a' }]), [
      ['y', 'y', [[0, 11], [2, 33]]],
    ]))

  const refusals: [string, Cw.MetricDataQuery[], RegExp, number?][] = [
    ['a cycle', [{ Id: 'a', MetricStat: stat('a') }, { Id: 'x', Expression: 'y + 1' }, { Id: 'y', Expression: 'x + 1' }], /Error in expression x: The expression x refers to itself/],
    ['a scalar result', [{ Id: 'a', MetricStat: stat('a'), ReturnData: false }, { Id: 's', Expression: 'SUM(a)' }], /must return a time series/],
    ['no ReturnData', [{ Id: 'a', MetricStat: stat('a'), ReturnData: false }], /At least one of the queries must have ReturnData set to true/],
    ['both MetricStat and Expression', [{ Id: 'a', MetricStat: stat('a'), Expression: '1' }], /Exactly one of MetricDataQueries.member.1.MetricStat and MetricDataQueries.member.1.Expression/],
    ['a bad period', [{ Id: 'a', MetricStat: { ...stat('a'), Period: 45 } }], /MetricDataQueries.member.1.MetricStat.Period must be 1, 5, 10, 30, or a multiple of 60/],
    ['FILL over too many periods', [{ Id: 'a', MetricStat: stat('a'), ReturnData: false }, { Id: 'f', Expression: 'FILL(a, 0)' }], /FILL would fill 200000 periods of 60 s/, 200_000],
  ]
  for (const [name, queries, message, minutes] of refusals) {
    it(`refuses ${name}`, () => assert.throws(() => run(queries, minutes), (e: Error) => message.test(e.message)))
  }
})
