import { metricKey, type MetricFilter, type MetricId, type MetricQuery, type MetricStore, type Observation, type PeriodDatapoint } from '../metrics/metric-store.js'

/**
 * A TEST DOUBLE of the MetricStore (src/metrics/metric-store.ts): every observation kept in
 * an array, queries answered by scanning it. No rollups, no bounds, no persistence: for tests
 * of the metric sources until the real store lands (the lead swaps it in at merge).
 */
export class RecordingMetricStore implements MetricStore {
  readonly observations: Observation[] = []
  #waiters: (() => void)[] = []

  put(observations: readonly Observation[]): void {
    this.observations.push(...observations)
    if (observations.length > 0) this.#waiters.splice(0).forEach((w) => w())
  }

  query(q: MetricQuery): PeriodDatapoint[] {
    const key = metricKey(q.metric)
    const periodMs = q.periodSeconds * 1000
    const byPeriod = new Map<number, PeriodDatapoint>()
    for (const o of this.observations) {
      if (metricKey(o.metric) !== key || o.timestamp < q.startTime || o.timestamp >= q.endTime) continue
      if (q.unit !== undefined && o.unit !== q.unit) continue
      const start = Math.floor(o.timestamp / periodMs) * periodMs
      const p = byPeriod.get(start)
      if (!p) byPeriod.set(start, { timestamp: start, unit: o.unit, ...o.values })
      else {
        p.sampleCount += o.values.sampleCount
        p.sum += o.values.sum
        p.minimum = Math.min(p.minimum, o.values.minimum)
        p.maximum = Math.max(p.maximum, o.values.maximum)
      }
    }
    return [...byPeriod.values()].sort((a, b) => a.timestamp - b.timestamp)
  }

  list(filter: MetricFilter): MetricId[] {
    const seen = new Map<string, MetricId>()
    for (const o of this.observations) {
      const m = o.metric
      if (filter.namespace !== undefined && m.namespace !== filter.namespace) continue
      if (filter.metricName !== undefined && m.metricName !== filter.metricName) continue
      if (filter.activeSince !== undefined && o.timestamp < filter.activeSince) continue
      const dimsOk = (filter.dimensions ?? []).every((f) => m.dimensions.some((d) => d.name === f.name && (f.value === undefined || d.value === f.value)))
      if (dimsOk) seen.set(metricKey(m), m)
    }
    return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, m]) => m)
  }

  /** Observations of one metric name, optionally with these dimension values, oldest first. */
  of(metricName: string, dimensions: Record<string, string> = {}): Observation[] {
    return this.observations.filter(
      (o) =>
        o.metric.metricName === metricName &&
        o.metric.dimensions.length === Object.keys(dimensions).length &&
        o.metric.dimensions.every((d) => dimensions[d.name] === d.value),
    )
  }

  /** Resolves once `predicate` holds, re-checked after every put; rejects after `timeoutMs` (a test's bound, not its clock). */
  async until<T>(predicate: () => T | undefined, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const got = predicate()
      if (got !== undefined) return got
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`metric condition not met within ${timeoutMs} ms`)
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left)
        this.#waiters.push(() => (clearTimeout(t), resolve()))
      })
    }
  }
}
