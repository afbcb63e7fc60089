import { metricKey, type MetricFilter, type MetricId, type MetricQuery, type MetricStore, type Observation, type PeriodDatapoint } from '../metrics/metric-store.js'

/**
 * A MetricStore for tests: keeps every observation in memory and answers per-period statistics
 * by summing them, as the real store's rollups do. Tests put values straight into it.
 */
export class TestMetrics implements MetricStore {
  readonly #observations = new Map<string, { metric: MetricId; points: Observation[] }>()

  put(observations: readonly Observation[]): void {
    for (const o of observations) {
      const key = metricKey(o.metric)
      const entry = this.#observations.get(key) ?? { metric: o.metric, points: [] }
      entry.points.push(o)
      this.#observations.set(key, entry)
    }
  }

  query(q: MetricQuery): PeriodDatapoint[] {
    const entry = this.#observations.get(metricKey(q.metric))
    if (!entry) return []
    const periodMs = q.periodSeconds * 1000
    const byPeriod = new Map<number, PeriodDatapoint>()
    for (const o of entry.points) {
      if (q.unit !== undefined && o.unit !== q.unit) continue
      const start = Math.floor(o.timestamp / periodMs) * periodMs
      if (start < q.startTime || start >= q.endTime) continue
      const p = byPeriod.get(start)
      byPeriod.set(
        start,
        p
          ? { ...p, sampleCount: p.sampleCount + o.values.sampleCount, sum: p.sum + o.values.sum, minimum: Math.min(p.minimum, o.values.minimum), maximum: Math.max(p.maximum, o.values.maximum) }
          : { timestamp: start, unit: o.unit, ...o.values },
      )
    }
    return [...byPeriod.values()].sort((a, b) => a.timestamp - b.timestamp)
  }

  list(filter: MetricFilter): MetricId[] {
    return [...this.#observations.values()]
      .map((e) => e.metric)
      .filter((m) => (filter.namespace === undefined || m.namespace === filter.namespace) && (filter.metricName === undefined || m.metricName === filter.metricName))
  }
}
