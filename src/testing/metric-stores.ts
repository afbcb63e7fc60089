import type { Clock } from '../core/clock.js'
import { MemoryMetricStore } from '../metrics/memory-metric-store.js'
import { metricId, single, type Dimension, type MetricStore } from '../metrics/metric-store.js'

/**
 * The metric store Berth runs, in memory, on the test's clock (no persistence, no timers): tests
 * of the readers (alarms, the scaler, Prometheus) put values into it and read them as
 * production does. Tests of the sources that inspect what was put use RecordingMetricStore.
 */
export function testMetricStore(clock: Clock): MetricStore {
  return new MemoryMetricStore(clock)
}

/** Puts one value of a metric at `timestamp` (epoch ms), standard resolution. */
export function putValue(metrics: MetricStore, metric: { namespace: string; metricName: string; dimensions?: readonly Dimension[] }, timestamp: number, value: number, unit?: string): void {
  metrics.put([{ metric: metricId(metric.namespace, metric.metricName, metric.dimensions), timestamp, values: single(value), unit, storageResolution: 60 }])
}
