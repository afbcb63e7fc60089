import { RESOLUTIONS, bucketStart, merge, type ResolutionSeconds } from './rollup.js'
import type { MetricId, Observation, StatisticSet } from './metric-store.js'

/** One resolution's buckets of one unit of a metric: start (epoch ms) → statistics. */
export type Buckets = Map<number, StatisticSet>

/** What the store holds of one metric. `NONE` stands for an observation without a unit. */
export interface Series {
  id: MetricId
  key: string
  /** Epoch ms of the newest put (eviction: least recently put first; ListMetrics' RecentlyActive). */
  lastPut: number
  /** Newest observation timestamp (RecentlyActive). */
  lastObserved: number
  /** unit → resolution → buckets. */
  units: Map<string, Map<ResolutionSeconds, Buckets>>
}

export const NONE = ''

export function newSeries(id: MetricId, key: string): Series {
  return { id, key, lastPut: 0, lastObserved: 0, units: new Map() }
}

/** Buckets of a unit and resolution, made on first use. */
export function bucketsOf(series: Series, unit: string, resolution: ResolutionSeconds): Buckets {
  let byResolution = series.units.get(unit)
  if (!byResolution) series.units.set(unit, (byResolution = new Map()))
  let buckets = byResolution.get(resolution)
  if (!buckets) byResolution.set(resolution, (buckets = new Map()))
  return buckets
}

/**
 * Adds an observation to every resolution it belongs in; calls `touched` for each persisted
 * bucket it changed (the next flush writes it).
 */
export function addObservation(series: Series, o: Observation, touched: (unit: string, resolution: ResolutionSeconds, start: number) => void): void {
  const unit = o.unit ?? NONE
  for (const r of RESOLUTIONS) {
    if (r.highResolutionOnly && o.storageResolution !== 1) continue
    const start = bucketStart(o.timestamp, r.seconds)
    const buckets = bucketsOf(series, unit, r.seconds)
    const held = buckets.get(start)
    buckets.set(start, held ? merge(held, o.values) : { ...o.values })
    if (r.persisted) touched(unit, r.seconds, start)
  }
  series.lastObserved = Math.max(series.lastObserved, o.timestamp)
}

/** Drops buckets past their resolution's retention; true when the series holds nothing more. */
export function expireSeries(series: Series, now: number): boolean {
  let empty = true
  for (const [unit, byResolution] of series.units) {
    for (const r of RESOLUTIONS) {
      const buckets = byResolution.get(r.seconds)
      if (!buckets) continue
      const oldest = now - r.retentionMs
      for (const start of buckets.keys()) if (start + r.seconds * 1000 <= oldest) buckets.delete(start)
      if (buckets.size === 0) byResolution.delete(r.seconds)
    }
    if (byResolution.size === 0) series.units.delete(unit)
    else empty = false
  }
  return empty
}
