import type { MetricStore } from '../metrics/metric-store.js'

/**
 * A metric store with no data: what the scaler reads until the control plane is given the real
 * one (the agents' stats and the load balancer's counters). Target tracking and step scaling
 * then never find a value to size a change by, and wait; scheduled actions still run.
 */
export const NO_METRICS: MetricStore = {
  put: () => undefined,
  query: () => [],
  list: () => [],
}
