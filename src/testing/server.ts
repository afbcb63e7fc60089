import type { TaskRoles } from '../core/task-roles.js'
import type { DataPlane } from '../lb/index.js'
import { ECSClient } from '@aws-sdk/client-ecs'
import { execFile } from 'node:child_process'
import assert from 'node:assert/strict'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { promisify } from 'node:util'
import { createHttpServer } from '../api/http-server.js'
import { OPEN_AUTH, type AuthConfig } from '../api/protocols/authenticate.js'
import type { Router } from '../api/router.js'
import { newJoinToken } from '../core/agent-credentials.js'
import { EcsArns } from '../core/arn.js'
import { systemClock, type Clock } from '../core/clock.js'
import { DEFAULT_PARTITION } from '../core/config.js'
import { silentLogger, type Logger } from '../core/log.js'
import { realTimers, type Timers } from '../core/timers.js'
import type { AgentChannel } from '../server/agent-channel/channel-server.js'
import { composeControlPlane, type ControlPlaneSettings } from '../server/compose.js'
import type { MetricStore } from '../metrics/metric-store.js'
import { SqliteStore } from '../state/sqlite/sqlite-store.js'
import type { Store } from '../state/store.js'
import type { TaskSources } from '../core/model/task-sources.js'
import { openMetricStore } from '../metrics/open-metric-store.js'

/**
 * A control plane on a random loopback port with an in-memory store, for tests: composed by
 * the same function as production's, with the same controllers.
 */
export interface TestServer {
  endpoint: string
  store: Store
  router: Router
  arns: EcsArns
  ecs: ECSClient
  channel: AgentChannel
  /** The token agents present to join (BERTH_JOIN_TOKEN). */
  joinToken: string
  /** The controllers running, by name. */
  controllers: readonly string[]
  /** The load balancers' data plane: where a listener bound (`listenerAddress`), traffic counts. */
  dataPlane: DataPlane
  /** Where the control plane puts its metrics: the one given, else an in-memory openMetricStore. */
  metrics: MetricStore
  close(): Promise<void>
}

export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' }

export interface TestServerOptions {
  clock?: Clock
  /** Timers the controllers set; ManualTimers (src/testing/timers.ts) with a ManualClock. */
  timers?: Timers
  logger?: Logger
  store?: Store
  /** Open by default; `{ mode: 'verify', keys }` to check signatures. */
  auth?: AuthConfig
  /** The join token; a random one when absent (the server never runs with an open channel). */
  joinToken?: string
  agentSilenceTimeoutMs?: number
  /** A fixed port, e.g. to restart a server where its agents will look for it (default: any). */
  port?: number
  /** Where load-balancer listeners bind (default 127.0.0.1). */
  loadBalancerAddress?: string
  /** Where metrics are put (default: the store Berth runs, in memory only: metrics/open-metric-store.ts). */
  metrics?: MetricStore
  /** How often AWS/ECS and AWS/ApplicationELB figures are computed (default 5 s). */
  metricsIntervalMs?: number
  /** Target tracking's alarm period (default 60 s). */
  scalingPeriodSeconds?: number
  /** Tasks' secrets, environment files and registry credentials (default: none). */
  taskSources?: TaskSources
  /** Role ARN → the credentials its tasks get (core/task-roles.ts); none by default. */
  taskRoles?: TaskRoles
  /** Auto Scaling groups for managed scaling (its controller runs only with them); none by default. */
  autoScalingGroups?: ControlPlaneSettings['autoScalingGroups']
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const store = options.store ?? new SqliteStore({ path: ':memory:' })
  const clock = options.clock ?? systemClock
  const timers = options.timers ?? realTimers
  const logger = options.logger ?? silentLogger
  // The metric store Berth runs, in memory only, unless the test brings its own.
  const ownMetrics = options.metrics ? undefined : openMetricStore({ clock, timers, logger })
  const deps = { store, clock, timers, logger, partition: DEFAULT_PARTITION, metrics: options.metrics ?? ownMetrics! }
  const joinToken = options.joinToken ?? newJoinToken()
  const plane = composeControlPlane(deps, {
    auth: options.auth ?? OPEN_AUTH,
    joinToken,
    agentSilenceTimeoutMs: options.agentSilenceTimeoutMs ?? 30_000,
    loadBalancerAddress: options.loadBalancerAddress,
    metricsIntervalMs: options.metricsIntervalMs,
    scalingPeriodSeconds: options.scalingPeriodSeconds,
    taskSources: options.taskSources,
    taskRoles: options.taskRoles,
    autoScalingGroups: options.autoScalingGroups,
  })
  const endpoint = await plane.listen(options.port ?? 0, '127.0.0.1')
  const ecs = new ECSClient({ endpoint, region: DEFAULT_PARTITION.region, credentials: TEST_CREDENTIALS, maxAttempts: 1 })
  return {
    endpoint,
    store,
    router: plane.router,
    arns: new EcsArns(DEFAULT_PARTITION),
    ecs,
    channel: plane.channel,
    joinToken,
    controllers: plane.controllers,
    dataPlane: plane.dataPlane,
    metrics: deps.metrics,
    async close() {
      ecs.destroy()
      await plane.close()
      ownMetrics?.close()
    },
  }
}

/** Serves any router on a random loopback port, e.g. one a test built with its own services. */
export async function serveRouter(router: Router): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server = createHttpServer({ router })
  const endpoint = await listenOnLoopback(server)
  return { endpoint, close: () => closeServer(server) }
}

async function listenOnLoopback(server: Server, port = 0): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
}

/** Debian's aws CLI v2. An older `aws` may come first on PATH, so the path is explicit. */
export const AWS_CLI = process.env['BERTH_AWS_CLI'] ?? '/usr/bin/aws'
export const awsCliMissing = existsSync(AWS_CLI) ? false : `${AWS_CLI} is not installed (scripts/setup-host.sh installs it)`

export interface CliResult {
  code: number
  stdout: string
  stderr: string
  /** stdout parsed as JSON, when it is JSON. */
  json: unknown
}

/** The environment the CLI runs in: the given credentials, the default region, no pager, no config files. */
export function awsCliEnv(credentials: { accessKeyId: string; secretAccessKey: string } = TEST_CREDENTIALS): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/tmp',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: DEFAULT_PARTITION.region,
    AWS_PAGER: '',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  }
}

/** Runs `aws <args> --endpoint-url <endpoint>` and never throws on a non-zero exit. */
export async function awsCli(
  endpoint: string,
  args: readonly string[],
  credentials: { accessKeyId: string; secretAccessKey: string } = TEST_CREDENTIALS,
): Promise<CliResult> {
  const env = awsCliEnv(credentials)
  try {
    const { stdout, stderr } = await promisify(execFile)(AWS_CLI, [...args, '--endpoint-url', endpoint, '--output', 'json'], { env })
    return { code: 0, stdout, stderr, json: parseJson(stdout) }
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(error), json: parseJson(e.stdout ?? '') }
  }
}

/** `aws <args>` that must succeed (the test fails with the CLI's stderr otherwise): its JSON output. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON, read loosely by e2e tests
export async function awsJson(endpoint: string, args: readonly string[]): Promise<any> {
  const r = await awsCli(endpoint, args)
  assert.equal(r.code, 0, `aws ${args.join(' ')}: ${r.stderr}`)
  return r.json
}

/** Writes `body` as `<dir>/<name>.json` and answers the `file://` URL the CLI's `--cli-input-json` reads. */
export function jsonFile(dir: string, name: string, body: unknown): string {
  const path = join(dir, `${name}.json`)
  writeFileSync(path, JSON.stringify(body))
  return `file://${path}`
}

function parseJson(text: string): unknown {
  try {
    return text.trim() ? JSON.parse(text) : undefined
  } catch {
    return undefined
  }
}
