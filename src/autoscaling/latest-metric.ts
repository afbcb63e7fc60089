import type { AlarmRecord } from '../core/model/alarm.js'
import { metricId, type MetricStore, type PeriodDatapoint } from '../metrics/metric-store.js'

/**
 * The latest value of an alarm's metric, as the scaler sizes a change by it: the newest
 * period with data among the alarm's last few, in the alarm's statistic. Undefined when the
 * metric has no recent data (the scaler then waits rather than guess).
 */
export function latestMetric(metrics: MetricStore, alarm: AlarmRecord, now: number, lookbackPeriods = 5): number | undefined {
  const periodMs = alarm.periodSeconds * 1000
  const points = metrics.query({
    metric: metricId(alarm.namespace, alarm.metricName, alarm.dimensions),
    startTime: now - lookbackPeriods * periodMs,
    endTime: now + 1,
    periodSeconds: alarm.periodSeconds,
    unit: alarm.unit,
  })
  const last = points[points.length - 1]
  return last ? statistic(last, alarm.statistic) : undefined
}

export function statistic(p: PeriodDatapoint, s: AlarmRecord['statistic']): number {
  switch (s) {
    case 'Average':
      return p.sampleCount > 0 ? p.sum / p.sampleCount : 0
    case 'Sum':
      return p.sum
    case 'Minimum':
      return p.minimum
    case 'Maximum':
      return p.maximum
    case 'SampleCount':
      return p.sampleCount
  }
}
