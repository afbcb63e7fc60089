import type * as Cw from '../../../core/aws-model/cloudwatch.types.js'
import { metricId, statisticOf, type PeriodDatapoint } from '../../../metrics/metric-store.js'
import { toWireTime, wireTime, type CloudWatchOperation } from '../deps.js'
import { CloudWatchErrors } from '../errors.js'
import { MAX_STATISTICS_DATAPOINTS, alignDown, checkPeriod, grouped, periodsIn } from './periods.js'

/** GetMetricStatistics: one metric's statistics per period, from the metric store. */
export const getMetricStatistics: CloudWatchOperation<Cw.GetMetricStatisticsInput, Cw.GetMetricStatisticsOutput> = async (input, deps) => {
  const start = wireTime(input.StartTime)
  const end = wireTime(input.EndTime)
  checkStatisticsRequest(input, start, end)
  const points = deps.metrics.query({
    metric: metricId(input.Namespace, input.MetricName, (input.Dimensions ?? []).map((d) => ({ name: d.Name, value: d.Value }))),
    startTime: alignDown(start, input.Period),
    endTime: end,
    periodSeconds: input.Period,
    unit: input.Unit,
  })
  const statistics = input.Statistics ?? []
  return { Label: input.MetricName, Datapoints: points.map((p) => datapoint(p, statistics, input.Unit)) }
}

/** CloudWatch's refusals of a GetMetricStatistics request, in its words (pure). */
export function checkStatisticsRequest(input: Cw.GetMetricStatisticsInput, start: number, end: number): void {
  if (!input.Statistics?.length && !input.ExtendedStatistics?.length) {
    throw CloudWatchErrors.missingParameter('Must specify either Statistics or ExtendedStatistics.')
  }
  checkPeriod(input.Period, 'Period')
  if (start >= end) throw CloudWatchErrors.invalidParameterValue('The parameter StartTime must be less than the parameter EndTime.')
  const requested = periodsIn(start, end, input.Period)
  if (requested > MAX_STATISTICS_DATAPOINTS) {
    throw CloudWatchErrors.invalidParameterCombination(
      `You have requested up to ${grouped(requested)} datapoints, which exceeds the limit of ${grouped(MAX_STATISTICS_DATAPOINTS)}. ` +
        'You may reduce the datapoints requested by increasing Period, or decreasing the time range.',
    )
  }
}

/** One period's requested statistics as CloudWatch's Datapoint. */
export function datapoint(p: PeriodDatapoint, statistics: readonly Cw.Statistic[], unit: string | undefined): Cw.Datapoint {
  const out: Cw.Datapoint = { Timestamp: toWireTime(p.timestamp), Unit: (unit ?? p.unit ?? 'None') as Cw.StandardUnit }
  for (const s of statistics) out[s] = statisticOf(p, s)
  return out
}

