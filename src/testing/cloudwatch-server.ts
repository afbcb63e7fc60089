import { systemClock, type Clock } from '../core/clock.js'
import { DEFAULT_PARTITION } from '../core/config.js'
import { silentLogger } from '../core/log.js'
import { realTimers } from '../core/timers.js'
import { createApp } from '../api/app.js'
import type { AuthConfig } from '../api/protocols/authenticate.js'
import { openMetricStore, type OpenMetricStore } from '../metrics/open-metric-store.js'
import { SqliteStore } from '../state/sqlite/sqlite-store.js'
import { serveRouter } from './server.js'

/** The API (CloudWatch included) on a loopback port over an in-memory metric store, for CloudWatch's tests. */
export async function startCloudWatchServer(options: { clock?: Clock; auth?: AuthConfig } = {}): Promise<{ endpoint: string; metrics: OpenMetricStore; close(): Promise<void> }> {
  const clock = options.clock ?? systemClock
  const store = new SqliteStore({ path: ':memory:' })
  const metrics = openMetricStore({ clock, timers: realTimers, logger: silentLogger })
  const router = createApp({ store, clock, partition: DEFAULT_PARTITION, logger: silentLogger, metrics, ...(options.auth ? { auth: options.auth } : {}) })
  const served = await serveRouter(router)
  return {
    endpoint: served.endpoint,
    metrics,
    async close() {
      await served.close()
      metrics.close()
      await store.close()
    },
  }
}
