import type { Clock } from '../core/clock.js'
import { metricKey, type MetricFilter, type MetricId, type MetricQuery, type MetricStore, type Observation, type PeriodDatapoint } from './metric-store.js'
import { NONE, addObservation, expireSeries, newSeries, type Series } from './memory-series.js'
import { bucketStart, merge, pickResolution, type ResolutionSeconds } from './rollup.js'

/** Series held at most, by default: past it the least recently put is evicted. */
export const DEFAULT_MAX_SERIES = 10_000

/** What a persistence layer needs to see of the store's changes (sqlite-rollups.ts). */
export interface ChangeLog {
  /** A persisted bucket changed. */
  touched(series: Series, unit: string, resolution: ResolutionSeconds, start: number): void
  /** A series was evicted or expired whole. */
  dropped(key: string): void
}

/**
 * The in-memory heart of the metric store: series by key, in least-recently-put order (a Map
 * keeps insertion order; a put moves its series to the end), so eviction takes from the front.
 */
export class MemoryMetricStore implements MetricStore {
  readonly series = new Map<string, Series>()

  constructor(
    private readonly clock: Clock,
    private readonly maxSeries = DEFAULT_MAX_SERIES,
    private readonly changes?: ChangeLog,
  ) {}

  put(observations: readonly Observation[]): void {
    const now = this.clock.now()
    for (const o of observations) {
      const key = metricKey(o.metric)
      let series = this.series.get(key)
      if (series) this.series.delete(key)
      else series = newSeries(o.metric, key)
      this.series.set(key, series)
      series.lastPut = now
      const held = series
      addObservation(series, { ...o, unit: unitKey(o.unit) }, (unit, resolution, start) => this.changes?.touched(held, unit, resolution, start))
    }
    this.evictOverCap()
  }

  /** Puts a series back as loaded from disk (no change is logged). */
  restore(series: Series): void {
    this.series.set(series.key, series)
  }

  query(q: MetricQuery): PeriodDatapoint[] {
    const series = this.series.get(metricKey(q.metric))
    const resolution = pickResolution(q.periodSeconds, q.startTime, this.clock.now())
    if (!series || resolution === undefined) return []
    const wanted = q.unit === undefined ? undefined : unitKey(q.unit)
    const periods = new Map<number, PeriodDatapoint>()
    for (const [unit, byResolution] of series.units) {
      if (wanted !== undefined && unit !== wanted) continue
      for (const [start, values] of byResolution.get(resolution) ?? []) {
        const period = bucketStart(start, q.periodSeconds)
        if (period < q.startTime || period >= q.endTime) continue
        const shown = unit === NONE ? undefined : unit
        const held = periods.get(period)
        periods.set(
          period,
          held ? { ...merge(held, values), timestamp: period, unit: held.unit === shown ? shown : undefined } : { ...values, timestamp: period, unit: shown },
        )
      }
    }
    return [...periods.values()].sort((a, b) => a.timestamp - b.timestamp)
  }

  list(filter: MetricFilter): MetricId[] {
    const out: Series[] = []
    for (const s of this.series.values()) if (matches(s, filter)) out.push(s)
    return out.sort(byIdentity).map((s) => s.id)
  }

  /** Drops what is past retention; whole series that hold nothing more go. */
  expire(): void {
    const now = this.clock.now()
    for (const [key, series] of this.series) {
      if (expireSeries(series, now)) {
        this.series.delete(key)
        this.changes?.dropped(key)
      }
    }
  }

  private evictOverCap(): void {
    for (const key of this.series.keys()) {
      if (this.series.size <= this.maxSeries) break
      this.series.delete(key)
      this.changes?.dropped(key)
    }
  }
}

/** `None` and no unit are the same unit. */
const unitKey = (unit: string | undefined): string => (unit === undefined || unit === 'None' ? NONE : unit)

function matches(s: Series, f: MetricFilter): boolean {
  if (f.namespace !== undefined && s.id.namespace !== f.namespace) return false
  if (f.metricName !== undefined && s.id.metricName !== f.metricName) return false
  if (f.activeSince !== undefined && s.lastObserved < f.activeSince) return false
  for (const want of f.dimensions ?? []) {
    const have = s.id.dimensions.find((d) => d.name === want.name)
    if (!have || (want.value !== undefined && have.value !== want.value)) return false
  }
  return s.units.size > 0
}

const byIdentity = (a: Series, b: Series): number =>
  compare(a.id.namespace, b.id.namespace) || compare(a.id.metricName, b.id.metricName) || compare(a.key, b.key)

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
