import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { LatencySummary } from './stats.js'

export interface ServerTimings {
  summary: LatencySummary
  loopDelayP99: number
  rss: number
}

/** The parent's handle on server-process.ts. */
export interface BenchServer {
  readonly endpoint: string
  readonly pid: number
  /** Server-side request times and event-loop delay p99 (ms) since the last call, and RSS. */
  timings(): Promise<ServerTimings>
  stop(): Promise<void>
}

export async function startBenchServer(dataDir: string): Promise<BenchServer> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./server-process.js', import.meta.url)), [dataDir], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // e.g. BERTH_BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the server.
    execArgv: (process.env['BERTH_BENCH_NODE_ARGS'] ?? '').split(' ').filter(Boolean),
  })
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: { type?: string }) => {
        if (m.type !== type) return
        child.off('message', onMessage)
        child.off('exit', onExit)
        resolve(m as T)
      }
      const onExit = (code: number | null) => reject(new Error(`the bench server exited (${code})`))
      child.on('message', onMessage)
      child.once('exit', onExit)
    })
  const { endpoint } = await next<{ endpoint: string }>('ready')
  return {
    endpoint,
    pid: child.pid!,
    async timings() {
      const reply = next<ServerTimings>('timings')
      child.send('timings')
      return reply
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.send('stop')
      await exited
    },
  }
}
