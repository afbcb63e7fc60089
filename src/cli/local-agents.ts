import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface LocalAgentsOptions {
  count: number
  serverUrl: string
  joinToken: string
  cluster: string
  dataDir: string
  /** CPU units and MiB each simulated instance registers. */
  cpu: number
  memory: number
  /** Extra settings for every agent (ECS_* and BERTH_* keys). */
  env?: Record<string, string>
}

/** Loopback address, zone and data folder of simulated instance `i` (0-based). */
export function localInstance(i: number, region: string): { bindIp: string; zone: string; dir: string } {
  return { bindIp: `127.0.0.${i + 2}`, zone: `${region}${'abc'[i % 3]}`, dir: `agent-${i + 1}` }
}

export interface LocalAgents {
  /** Stops every agent (SIGTERM; SIGKILL after a grace period) and waits for them. */
  stop(): Promise<void>
  /** Resolves with the first agent that exits on its own, and how. */
  readonly exited: Promise<{ index: number; code: number | null }>
}

/**
 * `berth up --instances N`: N `berth agent` processes, each a simulated host with its own
 * loopback address (127.0.0.2, 127.0.0.3, ...), CPU and memory budget, availability zone
 * (a, b, c in turn) and data folder. Their output is forwarded, prefixed with the instance.
 */
export function startLocalAgents(o: LocalAgentsOptions, region: string): LocalAgents {
  const bin = join(fileURLToPath(import.meta.url), '../../../bin/berth.js')
  const children: ChildProcess[] = []
  let reportExit!: (e: { index: number; code: number | null }) => void
  const exited = new Promise<{ index: number; code: number | null }>((resolve) => (reportExit = resolve))
  let stopping = false
  for (let i = 0; i < o.count; i++) {
    const { bindIp, zone, dir } = localInstance(i, region)
    const child = spawn(process.execPath, [bin, 'agent'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached',
        ...o.env,
        ECS_CLUSTER: o.cluster,
        BERTH_SERVER: o.serverUrl,
        BERTH_JOIN_TOKEN: o.joinToken,
        BERTH_BIND_IP: bindIp,
        BERTH_AVAILABILITY_ZONE: zone,
        BERTH_CPU: String(o.cpu),
        BERTH_MEMORY: String(o.memory),
        ECS_DATADIR: join(o.dataDir, dir),
      },
    })
    const prefix = `[instance ${i + 1} ${bindIp}] `
    child.stdout?.on('data', (d: Buffer) => process.stdout.write(prefixLines(prefix, d)))
    child.stderr?.on('data', (d: Buffer) => process.stderr.write(prefixLines(prefix, d)))
    child.on('exit', (code) => {
      if (!stopping) reportExit({ index: i, code })
    })
    children.push(child)
  }
  return {
    exited,
    async stop() {
      stopping = true
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve()
              const kill = setTimeout(() => child.kill('SIGKILL'), 10_000)
              child.once('exit', () => (clearTimeout(kill), resolve()))
              child.kill('SIGTERM')
            }),
        ),
      )
    },
  }
}

function prefixLines(prefix: string, data: Buffer): string {
  const text = data.toString()
  return text.replace(/^(?=.)/gm, prefix)
}
