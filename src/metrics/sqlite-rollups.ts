import Database from 'better-sqlite3'
import type { MetricId } from './metric-store.js'
import { bucketsOf, newSeries, type Series } from './memory-series.js'
import { RESOLUTIONS, type ResolutionSeconds } from './rollup.js'

/**
 * The 10-second and 1-minute rollups on disk, in a SQLite file of their own: not the indexed
 * store (state/), whose watch would wake every controller on every sample. Written in one
 * transaction per flush (only the buckets that changed), read whole at open.
 */
export class SqliteRollups {
  readonly #db: Database.Database
  readonly #upsertSeries: Database.Statement
  readonly #upsertBucket: Database.Statement
  readonly #dropSeries: Database.Statement
  readonly #dropSeriesBuckets: Database.Statement
  readonly #expire: Database.Statement
  readonly #expireSeries: Database.Statement

  constructor(path: string) {
    this.#db = new Database(path)
    this.#db.pragma('journal_mode = WAL')
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS series (
        key TEXT PRIMARY KEY, namespace TEXT NOT NULL, metric_name TEXT NOT NULL, dimensions TEXT NOT NULL,
        last_put INTEGER NOT NULL, last_observed INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS rollups (
        series_key TEXT NOT NULL, unit TEXT NOT NULL, resolution INTEGER NOT NULL, start INTEGER NOT NULL,
        sample_count REAL NOT NULL, sum REAL NOT NULL, minimum REAL NOT NULL, maximum REAL NOT NULL,
        PRIMARY KEY (series_key, unit, resolution, start)) WITHOUT ROWID;`)
    this.#upsertSeries = this.#db.prepare(
      `INSERT INTO series VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET last_put = excluded.last_put, last_observed = excluded.last_observed`,
    )
    this.#upsertBucket = this.#db.prepare(`INSERT OR REPLACE INTO rollups VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
    this.#dropSeries = this.#db.prepare(`DELETE FROM series WHERE key = ?`)
    this.#dropSeriesBuckets = this.#db.prepare(`DELETE FROM rollups WHERE series_key = ?`)
    this.#expire = this.#db.prepare(`DELETE FROM rollups WHERE resolution = ? AND start + resolution * 1000 <= ?`)
    this.#expireSeries = this.#db.prepare(`DELETE FROM series WHERE key NOT IN (SELECT DISTINCT series_key FROM rollups)`)
  }

  /** Every series with its persisted buckets still within retention, least recently put first. */
  load(now: number): Series[] {
    const byKey = new Map<string, Series>()
    const rows = this.#db.prepare(`SELECT * FROM series ORDER BY last_put, key`).all() as SeriesRow[]
    for (const row of rows) {
      const id: MetricId = { namespace: row.namespace, metricName: row.metric_name, dimensions: JSON.parse(row.dimensions) as MetricId['dimensions'] }
      byKey.set(row.key, { ...newSeries(id, row.key), lastPut: row.last_put, lastObserved: row.last_observed })
    }
    for (const r of RESOLUTIONS) {
      if (!r.persisted) continue
      const buckets = this.#db.prepare(`SELECT * FROM rollups WHERE resolution = ? AND start + resolution * 1000 > ?`).iterate(r.seconds, now - r.retentionMs)
      for (const b of buckets as Iterable<BucketRow>) {
        const series = byKey.get(b.series_key)
        if (!series) continue
        bucketsOf(series, b.unit, r.seconds).set(b.start, { sampleCount: b.sample_count, sum: b.sum, minimum: b.minimum, maximum: b.maximum })
      }
    }
    return [...byKey.values()].filter((s) => s.units.size > 0)
  }

  /** One transaction: the changed buckets as memory holds them now, dropped series gone, expired rows deleted. */
  write(changed: Iterable<ChangedBuckets>, dropped: Iterable<string>, now: number): void {
    this.#db.transaction(() => {
      for (const key of dropped) {
        this.#dropSeries.run(key)
        this.#dropSeriesBuckets.run(key)
      }
      for (const { series, buckets } of changed) {
        const { id } = series
        this.#upsertSeries.run(series.key, id.namespace, id.metricName, JSON.stringify(id.dimensions), series.lastPut, series.lastObserved)
        for (const { unit, resolution, start } of buckets) {
          const v = series.units.get(unit)?.get(resolution)?.get(start)
          if (v) this.#upsertBucket.run(series.key, unit, resolution, start, v.sampleCount, v.sum, v.minimum, v.maximum)
        }
      }
      for (const r of RESOLUTIONS) if (r.persisted) this.#expire.run(r.seconds, now - r.retentionMs)
      this.#expireSeries.run()
    })()
  }

  close(): void {
    this.#db.close()
  }
}

export interface ChangedBuckets {
  series: Series
  buckets: Iterable<{ unit: string; resolution: ResolutionSeconds; start: number }>
}

interface SeriesRow {
  key: string
  namespace: string
  metric_name: string
  dimensions: string
  last_put: number
  last_observed: number
}

interface BucketRow {
  series_key: string
  unit: string
  resolution: number
  start: number
  sample_count: number
  sum: number
  minimum: number
  maximum: number
}
