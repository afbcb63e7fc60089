import type { MetricStore } from './metric-store.js'

/**
 * A MetricStore that keeps nothing: what `berth server` and `berth up` run with until the
 * stats store (issue 8 part 1) is composed in its place. Readers see no datapoints, so
 * Prometheus and `berth top` show no utilization, never a made-up one.
 */
export const noMetricStore: MetricStore = {
  put: () => undefined,
  query: () => [],
  list: () => [],
}
