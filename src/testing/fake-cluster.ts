import { CreateClusterCommand } from '@aws-sdk/client-ecs'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startAgent, type RunningAgent } from '../agent/agent.js'
import { resolveAgentConfig } from '../agent/config.js'
import { createTaskEngine } from '../agent/engine/index.js'
import { FakeRuntime, type FakeRuntimeOptions } from '../agent/runtime/fake/fake-runtime.js'
import { systemClock } from '../core/clock.js'
import { silentLogger } from '../core/log.js'
import { startTestServer, type TestServer, type TestServerOptions } from './server.js'

/** One simulated host: an in-process agent over its own FakeRuntime. */
export interface FakeHost {
  readonly agent: RunningAgent
  readonly runtime: FakeRuntime
  readonly arn: string
  readonly zone: string
  /** The agent's data folder (ECS_DATADIR). */
  readonly dataDir: string
  /** Stops the agent (its containers stay in the fake engine), as a host whose agent died. */
  stop(): Promise<void>
}

/**
 * A whole Berth with fake hosts: a control plane in-process (every controller running) and
 * agents over FakeRuntimes. No Docker, no sockets but the API's own: the service scheduler,
 * the agent channel and the task engines are the real ones, the containers are not. For
 * tests of what the control plane and agents decide together, fast.
 */
export interface FakeCluster {
  readonly name: string
  readonly server: TestServer
  readonly hosts: FakeHost[]
  /**
   * Starts one more host; zones go a, b, c unless given. `cluster` registers it elsewhere
   * (FARGATE_POOL_CLUSTER: a host of the Fargate pool, which `hosts` then leaves out).
   */
  addHost(options?: {
    zone?: string
    attributes?: Record<string, string>
    cpu?: number
    memory?: number
    dataDir?: string
    cluster?: string
    /** Its address (BERTH_BIND_IP); 127.0.9.(n+1) unless given: a test that serves its ports binds in its own range. */
    bindIp?: string
  }): Promise<FakeHost>
  close(): Promise<void>
}

export async function startFakeCluster(
  options: { hosts?: number; server?: TestServerOptions; runtime?: FakeRuntimeOptions } = {},
): Promise<FakeCluster> {
  const name = `fake-${randomBytes(4).toString('hex')}`
  const dataDir = mkdtempSync(join(tmpdir(), `berth-${name}-`))
  const server = await startTestServer({ agentSilenceTimeoutMs: 3_000, ...options.server })
  await server.ecs.send(new CreateClusterCommand({ clusterName: name }))
  const hosts: FakeHost[] = []
  const others: FakeHost[] = []
  let count = 0

  const cluster: FakeCluster = {
    name,
    server,
    hosts,
    async addHost(host = {}) {
      const n = ++count
      const zone = host.zone ?? `us-east-1${'abc'[(n - 1) % 3]}`
      const hostDir = host.dataDir ?? join(dataDir, `host-${n}`)
      const runtime = new FakeRuntime({ clock: systemClock, portRange: [40000 + n * 100, 40000 + n * 100 + 99], ...options.runtime })
      const config = resolveAgentConfig(
        { cpus: 2, memoryMiB: 4096 },
        {
          ECS_CLUSTER: host.cluster ?? name,
          BERTH_SERVER: server.endpoint,
          BERTH_JOIN_TOKEN: server.joinToken,
          BERTH_BIND_IP: host.bindIp ?? `127.0.9.${n + 1}`,
          BERTH_CPU: String(host.cpu ?? 2048),
          BERTH_MEMORY: String(host.memory ?? 4096),
          BERTH_AVAILABILITY_ZONE: zone,
          ECS_DATADIR: hostDir,
          BERTH_HEARTBEAT_SECONDS: '1',
          BERTH_TASK_CLEANUP_SECONDS: '0',
          ...(host.attributes ? { ECS_INSTANCE_ATTRIBUTES: JSON.stringify(host.attributes) } : {}),
        },
      )
      const agent = await startAgent(config, {
        runtime,
        clock: systemClock,
        logger: silentLogger,
        createEngine: (arn) =>
          createTaskEngine({
            runtime,
            containerInstanceArn: arn,
            cluster: host.cluster ?? name,
            bindIp: config.bindIp,
            clock: systemClock,
            logger: silentLogger,
            taskCleanupDelayMs: 0,
          }),
      })
      await agent.connected
      const h: FakeHost = { agent, runtime, arn: agent.containerInstanceArn, zone, dataDir: hostDir, stop: () => agent.stop() }
      if (host.cluster === undefined) hosts.push(h)
      else others.push(h)
      return h
    },
    async close() {
      await Promise.all([...hosts, ...others].map((h) => h.agent.stop().catch(() => undefined)))
      await server.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
  for (let i = 0; i < (options.hosts ?? 0); i++) await cluster.addHost()
  return cluster
}
