import { CreateClusterCommand } from '@aws-sdk/client-ecs'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startAgent, type RunningAgent } from '../agent/agent.js'
import { resolveAgentConfig, type AgentConfig } from '../agent/config.js'
import { TASK_ENDPOINT_ADDRESS } from '../agent/endpoints/ids.js'
import { createHostEngine } from '../agent/host-engine.js'
import type { DockerRuntime } from '../agent/runtime/docker/index.js'
import { systemClock } from '../core/clock.js'
import { silentLogger } from '../core/log.js'
import { SqliteStore } from '../state/sqlite/sqlite-store.js'
import { acquireFileLock } from './file-lock.js'
import { startTestServer, type TestServer, type TestServerOptions } from './server.js'

/**
 * A whole Berth on one machine for end-to-end tests: a control plane in-process and agents
 * on the real Docker Engine, each a simulated instance on its own loopback address. Each
 * cluster gets a unique name, so its containers (labelled with it) are found and removed
 * whatever happens in the test.
 */
export interface TestCluster {
  readonly name: string
  readonly server: TestServer
  readonly dataDir: string
  readonly agents: RunningAgent[]
  /**
   * Starts one more in-process agent on `bindIp`. One given BERTH_TASK_ENDPOINT on
   * 169.254.170.2 (one listener per host) first takes a machine-wide lock, held until close():
   * test files that serve the task endpoints take turns instead of failing on EADDRINUSE.
   */
  addAgent(bindIp: string, settings?: Record<string, string>): Promise<RunningAgent>
  /** Starts `berth agent` as a separate process (to SIGKILL it); resolves once it connected. */
  spawnAgent(bindIp: string, settings?: Record<string, string>): Promise<ChildProcess>
  /** Stops the control plane and starts it again on the same port over the same store. */
  restartServer(): Promise<void>
  close(): Promise<void>
}

export interface TestClusterOptions {
  runtime: DockerRuntime
  bindIps: readonly string[]
  /** Each instance's CPU units and MiB. */
  cpu?: number
  memory?: number
  server?: TestServerOptions
  /** The cluster's name starts with it (default `e2e`): test files keep to their own prefixes. */
  namePrefix?: string
}

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../../bin/berth.js')

export async function startTestCluster(options: TestClusterOptions): Promise<TestCluster> {
  const name = `${options.namePrefix ?? 'e2e'}-${randomBytes(4).toString('hex')}`
  const dataDir = mkdtempSync(join(tmpdir(), `berth-${name}-`))
  const storePath = join(dataDir, 'berth.db')
  const serverOptions = { agentSilenceTimeoutMs: 3_000, ...options.server }
  let server = await startTestServer({ ...serverOptions, store: new SqliteStore({ path: storePath }) })
  const port = Number(new URL(server.endpoint).port)
  await server.ecs.send(new CreateClusterCommand({ clusterName: name }))
  const agents: RunningAgent[] = []
  const children: ChildProcess[] = []
  let count = 0
  let releaseEndpoint: (() => void) | undefined
  const holdEndpointIfAsked = async (extra: Record<string, string>) => {
    if (releaseEndpoint || !extra['BERTH_TASK_ENDPOINT']?.startsWith(`${TASK_ENDPOINT_ADDRESS}:`)) return
    releaseEndpoint = await acquireFileLock(join(tmpdir(), 'berth-test-task-endpoint.lock'), 600_000)
  }

  const settingsFor = (bindIp: string, extra: Record<string, string>): Record<string, string> => ({
    ECS_CLUSTER: name,
    BERTH_SERVER: server.endpoint,
    BERTH_JOIN_TOKEN: server.joinToken,
    BERTH_BIND_IP: bindIp,
    BERTH_CPU: String(options.cpu ?? 2048),
    BERTH_MEMORY: String(options.memory ?? 4096),
    BERTH_AVAILABILITY_ZONE: `us-east-1${'abc'[count % 3]}`,
    ECS_DATADIR: join(dataDir, `agent-${bindIp}`),
    ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached',
    BERTH_HEARTBEAT_SECONDS: '1',
    BERTH_TASK_CLEANUP_SECONDS: '0',
    // 169.254.170.2:80 is one per host (`berth agent` binds it by default): only a test that asks gets it.
    BERTH_TASK_ENDPOINT: 'off',
    ...extra,
  })

  const cluster: TestCluster = {
    name,
    get server() {
      return server
    },
    dataDir,
    agents,
    async addAgent(bindIp, extra = {}) {
      await holdEndpointIfAsked(extra)
      const config: AgentConfig = resolveAgentConfig({ cpus: 2, memoryMiB: 4096 }, settingsFor(bindIp, extra))
      count++
      const agent = await startAgent(config, {
        runtime: options.runtime,
        clock: systemClock,
        logger: silentLogger,
        createEngine: (arn, extras) => createHostEngine(config, { runtime: options.runtime, clock: systemClock, logger: silentLogger }, arn, extras),
      })
      await agent.connected
      agents.push(agent)
      return agent
    },
    async spawnAgent(bindIp, extra = {}) {
      await holdEndpointIfAsked(extra)
      count++
      const child = spawn(process.execPath, [BIN, 'agent'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', ...settingsFor(bindIp, extra) },
      })
      children.push(child)
      let output = ''
      await new Promise<void>((resolve, reject) => {
        const onData = (d: Buffer) => {
          output += d.toString()
          if (output.includes('channel connected')) resolve()
        }
        child.stdout?.on('data', onData)
        child.stderr?.on('data', onData)
        child.once('exit', (code) => reject(new Error(`berth agent exited (${code}) before connecting:\n${output}`)))
      })
      return child
    },
    async restartServer() {
      // The same token: its agents still hold it, as they would across a `berth server` restart with a fixed --join-token.
      const joinToken = server.joinToken
      await server.close()
      server = await startTestServer({ ...serverOptions, joinToken, store: new SqliteStore({ path: storePath }), port })
    },
    async close() {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await Promise.all(agents.map((a) => a.stop()))
      await server.close()
      const leftovers = await options.runtime.list({ labels: { 'com.amazonaws.ecs.cluster': name } })
      await Promise.all(leftovers.map((c) => options.runtime.remove(c.id, { force: true, volumes: true })))
      releaseEndpoint?.()
    },
  }
  return cluster
}
