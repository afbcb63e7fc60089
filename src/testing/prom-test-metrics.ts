import { metricKey, type MetricFilter, type MetricId, type MetricQuery, type MetricStore, type Observation, type PeriodDatapoint } from '../metrics/metric-store.js'

/**
 * A MetricStore for tests of readers (Prometheus, `berth top`): it keeps every observation it
 * is given and answers queries by summing them into periods. No rollups, no bounds: the real
 * store (src/metrics) is another helper's, and tested on its own.
 */
export class PromTestMetrics implements MetricStore {
  readonly observations: Observation[] = []

  put(observations: readonly Observation[]): void {
    this.observations.push(...observations)
  }

  query(q: MetricQuery): PeriodDatapoint[] {
    const key = metricKey(q.metric)
    const periodMs = q.periodSeconds * 1000
    const periods = new Map<number, PeriodDatapoint>()
    for (const o of this.observations) {
      if (metricKey(o.metric) !== key || (q.unit !== undefined && o.unit !== q.unit)) continue
      const start = Math.floor(o.timestamp / periodMs) * periodMs
      if (start < q.startTime || start >= q.endTime) continue
      const p = periods.get(start)
      if (!p) {
        periods.set(start, { timestamp: start, unit: o.unit, ...o.values })
        continue
      }
      p.sampleCount += o.values.sampleCount
      p.sum += o.values.sum
      p.minimum = Math.min(p.minimum, o.values.minimum)
      p.maximum = Math.max(p.maximum, o.values.maximum)
    }
    return [...periods.values()].sort((a, b) => a.timestamp - b.timestamp)
  }

  list(filter: MetricFilter): MetricId[] {
    const out = new Map<string, MetricId>()
    for (const o of this.observations) {
      const m = o.metric
      if (filter.namespace !== undefined && m.namespace !== filter.namespace) continue
      if (filter.metricName !== undefined && m.metricName !== filter.metricName) continue
      if (filter.activeSince !== undefined && o.timestamp < filter.activeSince) continue
      const dims = filter.dimensions ?? []
      if (!dims.every((d) => m.dimensions.some((x) => x.name === d.name && (d.value === undefined || x.value === d.value)))) continue
      out.set(metricKey(m), m)
    }
    return [...out.values()]
  }
}
