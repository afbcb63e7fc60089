import type { Server } from 'node:http'
import { join } from 'node:path'
import { createApp } from '../api/app.js'
import { createCluster } from '../api/ecs/clusters/create-cluster.js'
import { createHttpServer, listen } from '../api/http-server.js'
import type { AuthConfig } from '../api/protocols/authenticate.js'
import { EcsArns } from '../core/arn.js'
import { systemClock } from '../core/clock.js'
import type { Partition } from '../core/config.js'
import type { Logger } from '../core/log.js'
import { SqliteStore } from '../state/sqlite/sqlite-store.js'
import type { Store } from '../state/store.js'
import { createLogAppender } from './agent-channel/append-logs.js'
import { attachAgentChannel } from './agent-channel/channel-server.js'
import { startTaskReaper } from './task-reaper.js'

export interface ControlPlaneOptions {
  host: string
  port: number
  dataDir: string
  partition: Partition
  logger: Logger
  /** Clusters to create at start (idempotent). */
  clusters: readonly string[]
  /** Access key id → secret. Empty or absent: any credentials are accepted. */
  accessKeys?: ReadonlyMap<string, string>
  /** Agents must present this token; undefined accepts any agent. */
  joinToken?: string | undefined
  /** An agent silent this long is marked disconnected (default 30 s). */
  agentSilenceTimeoutMs?: number
  /** Server-side time of each request, in ms (benchmarks); see HttpServerOptions. */
  onRequestTimed?: (ms: number) => void
}

export interface ControlPlane {
  readonly endpoint: string
  readonly store: Store
  /** The container instances whose agents are connected now. */
  connectedAgents(): string[]
  stop(): Promise<void>
}

/** Opens the store, serves the API, and stops both in order. */
export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const store = new SqliteStore({ path: join(options.dataDir, 'berth.db') })
  const clock = systemClock
  const keys = options.accessKeys ?? new Map<string, string>()
  const auth: AuthConfig = keys.size > 0 ? { mode: 'verify', keys } : { mode: 'open' }
  const router = createApp({ store, clock, partition: options.partition, logger: options.logger, auth })
  const deps = { store, clock, partition: options.partition, arns: new EcsArns(options.partition) }
  try {
    for (const clusterName of options.clusters) await createCluster({ clusterName }, deps)
  } catch (error) {
    await store.close()
    throw error
  }
  const server: Server = createHttpServer({
    router,
    onUnhandledError: (error) => options.logger.error('unhandled error', { error }),
    ...(options.onRequestTimed ? { onRequestTimed: options.onRequestTimed } : {}),
  })
  const channel = attachAgentChannel(server, {
    store,
    clock,
    logger: options.logger,
    joinToken: options.joinToken,
    silenceTimeoutMs: options.agentSilenceTimeoutMs ?? 30_000,
    appendLogs: createLogAppender(store, clock, options.logger),
  })
  let address
  try {
    address = await listen(server, options.port, options.host)
  } catch (error) {
    await store.close()
    throw error
  }
  const reaper = startTaskReaper(store, clock, options.logger)
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    endpoint: `http://${host}:${address.port}`,
    store,
    connectedAgents: () => channel.connected(),
    async stop() {
      reaper.stop()
      await channel.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
      })
      await store.close()
    },
  }
}
