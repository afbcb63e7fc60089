import type * as Cw from '../../../core/aws-model/cloudwatch.types.js'
import type { AlarmRecord } from '../../../core/model/alarm.js'
import type { CloudWatchOperation } from '../deps.js'
import { decodeToken, encodeToken, maxRecords, metricAlarmOf } from './wire.js'

const isName = (v: unknown): v is { n: string } => typeof v === 'object' && v !== null && typeof (v as { n?: unknown }).n === 'string'

/**
 * DescribeAlarms: metric alarms by name, filtered, 50 a page by default. Berth keeps no
 * composite alarms, so CompositeAlarms is always empty, and so are the children and parents
 * of any alarm (ChildrenOfAlarmName / ParentsOfAlarmName answer nothing, as CloudWatch does
 * for an alarm without any).
 */
export const describeAlarms: CloudWatchOperation<Cw.DescribeAlarmsInput, Cw.DescribeAlarmsOutput> = async (input, deps) => {
  const limit = maxRecords(input.MaxRecords, 50)
  const after = input.NextToken === undefined ? undefined : decodeToken(input.NextToken, isName).n
  const types = input.AlarmTypes ?? ['MetricAlarm']
  const composites = types.includes('CompositeAlarm') ? { CompositeAlarms: [] } : {}
  if (!types.includes('MetricAlarm') || input.ChildrenOfAlarmName !== undefined || input.ParentsOfAlarmName !== undefined) {
    return { MetricAlarms: [], ...composites }
  }
  // One more than the page: whether another page follows.
  const page = await deps.store.read((tx) =>
    tx.alarms.list({
      after,
      limit: limit + 1,
      names: input.AlarmNames,
      namePrefix: input.AlarmNamePrefix,
      state: input.StateValue,
      actionPrefix: input.ActionPrefix,
    }),
  )
  const shown = page.slice(0, limit)
  const next = page.length > limit ? { NextToken: encodeToken({ n: shown[shown.length - 1]!.name }) } : {}
  return { MetricAlarms: shown.map(metricAlarmOf), ...composites, ...next }
}

/** DescribeAlarmsForMetric: every alarm on the metric, narrowed by what else the request names. */
export const describeAlarmsForMetric: CloudWatchOperation<Cw.DescribeAlarmsForMetricInput, Cw.DescribeAlarmsForMetricOutput> = async (input, deps) => {
  const out: AlarmRecord[] = []
  let after: string | undefined
  for (;;) {
    const page = await deps.store.read((tx) => tx.alarms.list({ after, limit: 500, metric: { namespace: input.Namespace, metricName: input.MetricName } }))
    out.push(...page.filter((a) => matchesMetric(a, input)))
    if (page.length < 500) break
    after = page[page.length - 1]!.name
  }
  return { MetricAlarms: out.map(metricAlarmOf) }
}

/** Statistic, period and unit when given; the dimensions when given, as a set (pure). */
export function matchesMetric(a: AlarmRecord, q: Cw.DescribeAlarmsForMetricInput): boolean {
  if (q.Statistic !== undefined && a.statistic !== q.Statistic) return false
  if (q.ExtendedStatistic !== undefined) return false
  if (q.Period !== undefined && a.periodSeconds !== q.Period) return false
  if (q.Unit !== undefined && a.unit !== q.Unit) return false
  if (q.Dimensions !== undefined) {
    if (q.Dimensions.length !== a.dimensions.length) return false
    for (const d of q.Dimensions) if (!a.dimensions.some((x) => x.name === d.Name && x.value === d.Value)) return false
  }
  return true
}
