import { ECSClient } from '@aws-sdk/client-ecs'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../api/app.js'
import type { AuthConfig } from '../api/protocols/authenticate.js'
import { EcsArns } from '../core/arn.js'
import { systemClock, type Clock } from '../core/clock.js'
import { DEFAULT_PARTITION, type Partition } from '../core/config.js'
import { silentLogger, type Logger } from '../core/log.js'
import { SqliteStore } from '../state/sqlite/sqlite-store.js'
import type { Store } from '../state/store.js'
import { serveRouter, TEST_CREDENTIALS } from './server.js'
import { openStoreDump } from './store-dump.js'

/**
 * The API alone, with no controller: what a test sees is what the API wrote and what the test
 * put in the store itself. For tests that stand in for the scheduler (tasks of a deployment, a
 * completed deployment to roll back to), and for tests that check a refused request changed
 * nothing at all (`dump()`: every table, read through a second connection), which a running
 * scheduler's own writes would make racy. Everything else uses startTestServer(), which runs
 * the controllers as production does.
 */
export interface ApiServer {
  endpoint: string
  store: Store
  arns: EcsArns
  ecs: ECSClient
  /** The whole store as one string: equal strings, equal state. */
  dump(): string
  /** Where HTTPS listeners' certificate files are looked up (`<id>.crt`, `<id>.key`): empty, this server's own. */
  certificatesDir: string
  close(): Promise<void>
}

export async function startApiServer(
  options: { clock?: Clock; auth?: AuthConfig; joinToken?: string; logger?: Logger; partition?: Partition } = {},
): Promise<ApiServer> {
  const partition = options.partition ?? DEFAULT_PARTITION
  // tmpfs when there is one: every commit fsyncs.
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'berth-api-'))
  const store = new SqliteStore({ path: join(dir, 'berth.db') })
  const certificatesDir = join(dir, 'certificates')
  mkdirSync(certificatesDir)
  const router = createApp({
    store,
    certificatesDir,
    clock: options.clock ?? systemClock,
    partition,
    logger: options.logger ?? silentLogger,
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.joinToken ? { joinToken: options.joinToken } : {}),
  })
  const served = await serveRouter(router)
  const db = openStoreDump(join(dir, 'berth.db'))
  const ecs = new ECSClient({ endpoint: served.endpoint, region: partition.region, credentials: TEST_CREDENTIALS, maxAttempts: 1 })
  return {
    endpoint: served.endpoint,
    store,
    arns: new EcsArns(partition),
    ecs,
    dump: () => db.dump(),
    certificatesDir,
    async close() {
      ecs.destroy()
      await served.close()
      db.close()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
