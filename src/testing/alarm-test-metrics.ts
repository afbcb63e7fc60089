import type { Clock } from '../core/clock.js'
import { MemoryMetricStore } from '../metrics/memory-metric-store.js'
import { metricId, single, type Dimension, type MetricStore } from '../metrics/metric-store.js'

/** An in-memory MetricStore for tests (no persistence, no timers), read as the real one is. */
export function alarmTestMetrics(clock: Clock): MetricStore {
  return new MemoryMetricStore(clock)
}

/** Puts one value of a metric at `timestamp` (epoch ms), standard resolution. */
export function putValue(metrics: MetricStore, metric: { namespace: string; metricName: string; dimensions?: readonly Dimension[] }, timestamp: number, value: number, unit?: string): void {
  metrics.put([{ metric: metricId(metric.namespace, metric.metricName, metric.dimensions), timestamp, values: single(value), unit, storageResolution: 60 }])
}
