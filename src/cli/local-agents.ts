import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { systemClock } from '../core/clock.js'
import type { Logger } from '../core/log.js'
import { realTimers } from '../core/timers.js'
import { spawnSupervised } from './supervise/child-process.js'
import { supervise, type Supervisor } from './supervise/supervisor.js'

export interface LocalAgentsOptions {
  count: number
  serverUrl: string
  joinToken: string
  cluster: string
  dataDir: string
  /** CPU units and MiB each simulated instance registers. */
  cpu: number
  memory: number
  /** The first instance's loopback address; the others follow it (DEFAULT_FIRST_INSTANCE_IP). */
  firstIp?: string
  /** How its output and supervisor name it (default `instance <n>`). */
  label?: string
  /**
   * Each agent serves its task endpoints on its own address at this port, behind the shared
   * listener at 169.254.170.2:80 (cli/task-endpoint-front.ts); absent: the agents serve none.
   */
  taskEndpointPort?: number | undefined
  /** Extra settings for every agent (ECS_* and BERTH_* keys). */
  env?: Record<string, string>
  logger: Logger
}

export const DEFAULT_FIRST_INSTANCE_IP = '127.0.0.2'

/** Loopback address, zone and data folder of simulated instance `i` (0-based). */
export function localInstance(i: number, region: string, firstIp = DEFAULT_FIRST_INSTANCE_IP): { bindIp: string; zone: string; dir: string } {
  return { bindIp: addressAfter(firstIp, i), zone: `${region}${'abc'[i % 3]}`, dir: `agent-${i + 1}` }
}

/** The IPv4 address `n` after `ip` (127.0.0.2 + 3 = 127.0.0.5); callers check it stays valid. */
export function addressAfter(ip: string, n: number): string {
  const value = ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0) + n
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.')
}

export interface LocalAgents {
  /** Stops every agent (SIGTERM; SIGKILL after a grace period), restarting none, and waits for them. */
  stop(): Promise<void>
}

/**
 * `berth up --instances N`: N `berth agent` processes, each a simulated host with its own
 * loopback address (127.0.0.2, 127.0.0.3, ... or from `firstIp`), CPU and memory budget,
 * availability zone (a, b, c in turn) and data folder. Their output is forwarded, prefixed
 * with the instance. Each is supervised: one that dies is started again with backoff
 * (supervise/), its tasks reported DISCONNECTED by the server meanwhile and adopted when it
 * is back; only stop() ends them.
 */
export function startLocalAgents(o: LocalAgentsOptions, region: string): LocalAgents {
  const supervisors: Supervisor[] = []
  for (let i = 0; i < o.count; i++) supervisors.push(startLocalAgent(o, i, region))
  return {
    async stop() {
      await Promise.all(supervisors.map((s) => s.stop()))
    },
  }
}

/** Simulated instance `i` (0-based): one supervised `berth agent`, with `env` added to its settings. */
export function startLocalAgent(o: Omit<LocalAgentsOptions, 'count'>, i: number, region: string, env: Record<string, string> = {}): Supervisor {
  const bin = join(fileURLToPath(import.meta.url), '../../../bin/berth.js')
  const { bindIp, zone, dir } = localInstance(i, region, o.firstIp)
  const label = o.label ?? `instance ${i + 1}`
  const prefix = `[${label} ${bindIp}] `
  const settings = {
    ...process.env,
    ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached',
    ...o.env,
    ...env,
    ECS_CLUSTER: o.cluster,
    BERTH_SERVER: o.serverUrl,
    BERTH_JOIN_TOKEN: o.joinToken,
    BERTH_BIND_IP: bindIp,
    BERTH_TASK_ENDPOINT: o.taskEndpointPort !== undefined ? `${bindIp}:${o.taskEndpointPort}` : 'off',
    BERTH_AVAILABILITY_ZONE: zone,
    BERTH_CPU: String(o.cpu),
    BERTH_MEMORY: String(o.memory),
    ECS_DATADIR: join(o.dataDir, dir),
  }
  return supervise({
    name: `local ${label}`,
    fields: { bindIp },
    clock: systemClock,
    timers: realTimers,
    logger: o.logger,
    start: () =>
      spawnSupervised(process.execPath, [bin, 'agent'], {
        env: settings,
        output: (stream, d) => (stream === 'stdout' ? process.stdout : process.stderr).write(prefixLines(prefix, d)),
      }),
  })
}

function prefixLines(prefix: string, data: Buffer): string {
  const text = data.toString()
  return text.replace(/^(?=.)/gm, prefix)
}
