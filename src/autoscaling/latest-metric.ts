import type { AlarmRecord } from '../core/model/alarm.js'
import { metricId, statisticOf, type MetricStore } from '../metrics/metric-store.js'

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
  return last ? statisticOf(last, alarm.statistic) : undefined
}

