import { join } from 'node:path'
import { createCluster } from '../api/ecs/clusters/create-cluster.js'
import type { AuthConfig } from '../api/protocols/authenticate.js'
import { EcsArns } from '../core/arn.js'
import { systemClock } from '../core/clock.js'
import type { Partition } from '../core/config.js'
import type { Identity } from '../core/iam/index.js'
import type { Logger } from '../core/log.js'
import { realTimers } from '../core/timers.js'
import { openMetricStore } from '../metrics/open-metric-store.js'
import { SqliteStore } from '../state/sqlite/sqlite-store.js'
import type { TaskRoles } from '../core/task-roles.js'
import type { Store } from '../state/store.js'
import type { TaskSources } from '../core/model/task-sources.js'
import { composeControlPlane, type ControlPlaneSettings } from './compose.js'

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
  /** Access key id → its user and IAM policies (keys file); a key not here may do everything. */
  identities?: ReadonlyMap<string, Identity>
  /** Agents join with it (core/agent-credentials.ts); the CLI makes one when none is given. */
  joinToken: string
  /** An agent silent this long is marked disconnected (default 30 s). */
  agentSilenceTimeoutMs?: number
  /** Server-side time of each request, in ms (benchmarks); see HttpServerOptions. */
  onRequestTimed?: (ms: number) => void
  /** HTTPS listeners' certificates (`<id>.crt`, `<id>.key`); default `<dataDir>/certificates`. */
  certificatesDir?: string | undefined
  /** Where load-balancer listeners bind (default 127.0.0.1). */
  loadBalancerAddress?: string | undefined
  /** Target tracking's alarm period (--scaling-period; default 60 s). */
  scalingPeriodSeconds?: number | undefined
  /** Tasks' secrets, environment files and registry credentials (--task-sources); none when absent. */
  taskSources?: TaskSources | undefined
  /** berth up's simulated instances as an Auto Scaling group, for managed scaling (ControlPlaneSettings). */
  autoScalingGroups?: ControlPlaneSettings['autoScalingGroups']
  /** Role ARN → the credentials its tasks get (--task-roles-file). */
  taskRoles?: TaskRoles | undefined
}

export interface ControlPlane {
  readonly endpoint: string
  readonly store: Store
  /** The container instances whose agents are connected now. */
  connectedAgents(): string[]
  stop(): Promise<void>
}

/** The production control plane: the SQLite store in the data folder, the system clock, composed and serving. */
export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const store = new SqliteStore({ path: join(options.dataDir, 'berth.db') })
  const keys = options.accessKeys ?? new Map<string, string>()
  const auth: AuthConfig = keys.size > 0 ? { mode: 'verify', keys, identities: options.identities } : { mode: 'open' }
  // CloudWatch metrics: in memory, their rollups in a file of their own (never the indexed store).
  const metrics = openMetricStore({ clock: systemClock, timers: realTimers, logger: options.logger, path: join(options.dataDir, 'metrics.db') })
  const deps = { store, clock: systemClock, timers: realTimers, logger: options.logger, partition: options.partition, metrics }
  const close = async () => {
    await plane.close()
    metrics.close()
  }
  const plane = composeControlPlane(deps, {
    auth,
    joinToken: options.joinToken,
    agentSilenceTimeoutMs: options.agentSilenceTimeoutMs ?? 30_000,
    onRequestTimed: options.onRequestTimed,
    certificatesDir: options.certificatesDir || join(options.dataDir, 'certificates'),
    loadBalancerAddress: options.loadBalancerAddress,
    scalingPeriodSeconds: options.scalingPeriodSeconds,
    taskSources: options.taskSources,
    autoScalingGroups: options.autoScalingGroups,
    taskRoles: options.taskRoles,
  })
  let endpoint: string
  try {
    const arns = new EcsArns(options.partition)
    for (const clusterName of options.clusters) await createCluster({ clusterName }, { store, clock: systemClock, partition: options.partition, arns })
    endpoint = await plane.listen(options.port, options.host)
  } catch (error) {
    await close()
    throw error
  }
  return {
    endpoint,
    store,
    connectedAgents: () => plane.channel.connected(),
    stop: close,
  }
}
