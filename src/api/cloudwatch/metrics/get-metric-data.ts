import type * as Cw from '../../../core/aws-model/cloudwatch.types.js'
import { metricId, statisticOf, type MetricStore } from '../../../metrics/metric-store.js'
import { toWireTime, wireTime, type CloudWatchOperation } from '../deps.js'
import { CloudWatchErrors } from '../errors.js'
import { MathError, evaluate, type MathValue, type TimeSeries } from './math/evaluate.js'
import { MathSyntaxError, parseExpression, referencesOf, type Expr } from './math/parse.js'
import { paginate, type ComputedResult } from './metric-data-pages.js'
import { alignDown, checkPeriod } from './periods.js'

/** CloudWatch's GetMetricData quotas. */
export const METRIC_DATA_LIMITS = { queries: 500, maxDatapoints: 100_800, filledPeriods: 100_800 } as const

const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const
const ID = /^[a-z][a-zA-Z0-9_]*$/

/** GetMetricData: MetricStat queries from the metric store, math expressions over them, in pages. */
export const getMetricData: CloudWatchOperation<Cw.GetMetricDataInput, Cw.GetMetricDataOutput> = async (input, deps) => {
  const start = wireTime(input.StartTime)
  const end = wireTime(input.EndTime)
  if (start >= end) throw CloudWatchErrors.validation('The parameter StartTime must be less than the parameter EndTime.')
  const results = computeResults(input.MetricDataQueries, start, end, deps.metrics)
  const page = paginate(results, {
    nextToken: input.NextToken,
    maxDatapoints: input.MaxDatapoints ?? METRIC_DATA_LIMITS.maxDatapoints,
    descending: (input.ScanBy ?? 'TimestampDescending') === 'TimestampDescending',
  })
  return {
    MetricDataResults: page.results.map((r) => ({
      Id: r.id,
      Label: r.label,
      Timestamps: r.points.map(([t]) => toWireTime(t)),
      Values: r.points.map(([, v]) => v),
      StatusCode: r.complete ? 'Complete' : 'PartialData',
    })),
    Messages: [],
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  }
}

/** Every returned query's series over [start, end), oldest first; refuses a malformed request (reads the store only). */
export function computeResults(queries: readonly Cw.MetricDataQuery[], start: number, end: number, metrics: MetricStore): ComputedResult[] {
  checkQueries(queries)
  const byId = new Map(queries.map((q) => [q.Id, q]))
  const parsed = new Map<string, Expr>()
  for (const q of queries) {
    if (q.Expression === undefined) continue
    try {
      parsed.set(q.Id, parseExpression(q.Expression))
    } catch (error) {
      if (error instanceof MathSyntaxError) throw CloudWatchErrors.validation(`Error in expression ${q.Id}: ${error.message}`)
      throw error
    }
  }
  const stats = queries.filter((q) => q.MetricStat)
  const smallestPeriod = Math.min(...queries.map((q) => q.MetricStat?.Period ?? q.Period ?? Infinity))
  const period = Number.isFinite(smallestPeriod) ? smallestPeriod : 60
  const timeline = () => {
    const count = Math.ceil((end - alignDown(start, period)) / (period * 1000))
    if (count > METRIC_DATA_LIMITS.filledPeriods) {
      throw new MathError(`FILL would fill ${count} periods of ${period} s; Berth fills at most ${METRIC_DATA_LIMITS.filledPeriods}: shorten the range or lengthen the period.`)
    }
    return Array.from({ length: count }, (_, i) => alignDown(start, period) + i * period * 1000)
  }

  const values = new Map<string, MathValue>()
  const evaluating = new Set<string>()
  function valueOf(id: string): MathValue {
    const held = values.get(id)
    if (held) return held
    const q = byId.get(id)
    if (!q) throw new MathError(`Unrecognized identifier ${id}: no query of the request has that Id.`)
    if (evaluating.has(id)) throw new MathError(`The expression ${id} refers to itself, through ${[...evaluating].join(', ')}.`)
    evaluating.add(id)
    const v: MathValue = q.MetricStat
      ? { kind: 'series', series: statSeries(q, q.MetricStat, start, end, metrics) }
      : evaluate(parsed.get(id)!, {
          resolve: valueOf,
          metrics: (filter) => stats.filter((s) => filter === undefined || s.Id.includes(filter)).map((s) => seriesOfValue(valueOf(s.Id))[0]!),
          timeline,
        })
    evaluating.delete(id)
    values.set(id, v)
    return v
  }

  const out: ComputedResult[] = []
  for (const q of queries) {
    if (q.ReturnData === false) continue
    let v: MathValue
    try {
      v = valueOf(q.Id)
    } catch (error) {
      if (error instanceof MathError) throw CloudWatchErrors.validation(`Error in expression ${q.Id}: ${error.message}`)
      throw error
    }
    if (v.kind === 'scalar') throw CloudWatchErrors.validation(`Error in expression ${q.Id}: the expression must return a time series or an array of them, not a scalar.`)
    const series = seriesOfValue(v)
    for (const s of series) {
      const label = q.Label ?? (q.Expression !== undefined && series.length === 1 ? q.Id : s.label)
      out.push({ id: q.Id, label, points: [...s.points].filter(([t]) => t >= alignDown(start, period) && t < end).sort((a, b) => a[0] - b[0]) })
    }
  }
  return out
}

const seriesOfValue = (v: MathValue): TimeSeries[] => (v.kind === 'series' ? [v.series] : v.kind === 'array' ? v.items : [])

function statSeries(q: Cw.MetricDataQuery, stat: Cw.MetricStat, start: number, end: number, metrics: MetricStore): TimeSeries {
  const m = stat.Metric
  const points = metrics.query({
    metric: metricId(m.Namespace ?? '', m.MetricName ?? '', (m.Dimensions ?? []).map((d) => ({ name: d.Name, value: d.Value }))),
    startTime: alignDown(start, stat.Period),
    endTime: end,
    periodSeconds: stat.Period,
    unit: stat.Unit,
  })
  const statistic = stat.Stat as (typeof STATISTICS)[number]
  return { label: q.Label ?? m.MetricName ?? q.Id, points: new Map(points.map((p) => [p.timestamp, statisticOf(p, statistic)])) }
}

/** CloudWatch's refusals of the queries themselves, before anything is read (pure). */
export function checkQueries(queries: readonly Cw.MetricDataQuery[]): void {
  if (queries.length === 0) throw CloudWatchErrors.validation('The collection MetricDataQueries must have at least one query.')
  if (queries.length > METRIC_DATA_LIMITS.queries) {
    throw CloudWatchErrors.validation(`The collection MetricDataQueries must not have a size greater than ${METRIC_DATA_LIMITS.queries}.`)
  }
  const ids = new Set<string>()
  queries.forEach((q, i) => {
    const at = `MetricDataQueries.member.${i + 1}`
    if (!ID.test(q.Id)) {
      throw CloudWatchErrors.validation(`The value ${q.Id} for parameter ${at}.Id is invalid: an Id starts with a lower-case letter and holds only letters, digits and underscores.`)
    }
    if (ids.has(q.Id)) throw CloudWatchErrors.validation('The values for parameter id in MetricDataQueries are not unique.')
    ids.add(q.Id)
    if ((q.MetricStat === undefined) === (q.Expression === undefined)) {
      throw CloudWatchErrors.validation(`Exactly one of ${at}.MetricStat and ${at}.Expression must be specified.`)
    }
    if (q.MetricStat) {
      checkPeriod(q.MetricStat.Period, `${at}.MetricStat.Period`)
      if (!(STATISTICS as readonly string[]).includes(q.MetricStat.Stat)) {
        throw CloudWatchErrors.invalidParameterValue(
          `The value ${q.MetricStat.Stat} for parameter ${at}.MetricStat.Stat is not one Berth answers: it keeps rollups (count, sum, minimum, maximum) and answers ${STATISTICS.join(', ')}; percentiles and other statistics need distributions.`,
        )
      }
      if (q.Period !== undefined) throw CloudWatchErrors.validation(`${at}.Period is for expressions; a MetricStat has its own Period.`)
    }
    if (q.Period !== undefined) checkPeriod(q.Period, `${at}.Period`)
  })
  if (!queries.some((q) => q.ReturnData !== false)) throw CloudWatchErrors.validation('At least one of the queries must have ReturnData set to true.')
  const known = new Set(queries.map((q) => q.Id))
  for (const q of queries) {
    if (q.Expression === undefined) continue
    let refs: string[]
    try {
      refs = referencesOf(parseExpression(q.Expression))
    } catch {
      continue // the parse in computeResults names the error
    }
    const unknown = refs.find((r) => !known.has(r))
    if (unknown) throw CloudWatchErrors.validation(`Error in expression ${q.Id}: Unrecognized identifier ${unknown}: no query of the request has that Id.`)
  }
}
