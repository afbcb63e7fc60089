import type { Clock } from '../core/clock.js'
import type { Logger } from '../core/log.js'
import type { Timers } from '../core/timers.js'
import { DEFAULT_MAX_SERIES, MemoryMetricStore } from './memory-metric-store.js'
import type { MetricStore } from './metric-store.js'
import type { Series } from './memory-series.js'
import type { ResolutionSeconds } from './rollup.js'
import { SqliteRollups, type ChangedBuckets } from './sqlite-rollups.js'

export interface MetricStoreOptions {
  clock: Clock
  timers: Timers
  logger: Logger
  /** The SQLite file the rollups persist to; absent, the store lives in memory only. */
  path?: string | undefined
  /** Series held at most (default 10,000); past it, the least recently put is evicted. */
  maxSeries?: number | undefined
}

/** How often expired data is dropped and changed rollups are written. */
export const FLUSH_INTERVAL_MS = 60_000

export interface OpenMetricStore extends MetricStore {
  /** Writes what changed now (tests; close does it too). */
  flush(): void
  /** Stops the flush timer and writes what changed since the last flush. */
  close(): void
}

/**
 * The metric store Berth runs: in memory, rolled up and bounded (memory-metric-store.ts), with
 * its rollups written to `path` every minute and on close, and read back at open.
 */
export function openMetricStore(options: MetricStoreOptions): OpenMetricStore {
  const disk = options.path === undefined ? undefined : new SqliteRollups(options.path)
  const changed = new Map<string, { series: Series; buckets: Map<string, { unit: string; resolution: ResolutionSeconds; start: number }> }>()
  const dropped = new Set<string>()
  const memory = new MemoryMetricStore(
    options.clock,
    options.maxSeries ?? DEFAULT_MAX_SERIES,
    disk && {
      touched(series, unit, resolution, start) {
        dropped.delete(series.key)
        let entry = changed.get(series.key)
        if (!entry || entry.series !== series) changed.set(series.key, (entry = { series, buckets: new Map() }))
        entry.buckets.set(`${unit}\0${resolution}\0${start}`, { unit, resolution, start })
      },
      dropped(key) {
        changed.delete(key)
        dropped.add(key)
      },
    },
  )
  if (disk) for (const series of disk.load(options.clock.now())) memory.restore(series)

  function flush(): void {
    memory.expire()
    if (!disk) return
    const batch: ChangedBuckets[] = [...changed.values()].map((e) => ({ series: e.series, buckets: e.buckets.values() }))
    try {
      disk.write(batch, dropped, options.clock.now())
      changed.clear()
      dropped.clear()
    } catch (error) {
      // Kept for the next flush: the memory still holds every bucket.
      options.logger.error('metric rollups not written', { error })
    }
  }

  let closed = false
  let cancel = () => {}
  const schedule = () => {
    cancel = options.timers.after(FLUSH_INTERVAL_MS, () => {
      flush()
      if (!closed) schedule()
    })
  }
  schedule()

  return {
    put: (observations) => memory.put(observations),
    query: (q) => memory.query(q),
    list: (f) => memory.list(f),
    flush,
    close() {
      if (closed) return
      closed = true
      cancel()
      flush()
      disk?.close()
    },
  }
}
