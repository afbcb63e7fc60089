import { metricId, type MetricStore } from '../metrics/metric-store.js'

/** How far back the latest 1-minute datapoint may lie: older than this, the figure is absent (stale). */
export const UTILIZATION_LOOKBACK_MS = 5 * 60_000

/**
 * The latest 1-minute average of an `AWS/ECS` utilization metric (CPUUtilization,
 * MemoryUtilization) for the given dimensions, as a ratio (CloudWatch's percent / 100), or
 * undefined when the metric store has no datapoint in the last five minutes.
 */
export function latestUtilization(
  metrics: MetricStore,
  metricName: 'CPUUtilization' | 'MemoryUtilization',
  dimensions: Record<string, string>,
  now: number,
): number | undefined {
  const metric = metricId('AWS/ECS', metricName, Object.entries(dimensions).map(([name, value]) => ({ name, value })))
  const points = metrics.query({ metric, startTime: now - UTILIZATION_LOOKBACK_MS, endTime: now + 60_000, periodSeconds: 60 })
  const last = points[points.length - 1]
  return last && last.sampleCount > 0 ? last.sum / last.sampleCount / 100 : undefined
}
