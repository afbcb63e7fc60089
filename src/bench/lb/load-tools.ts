import { execFile, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { promisify } from 'node:util'
import { percentile } from '../stats.js'

/**
 * Load against a port: throughput with wrk (Debian's, C, epoll: cheap on a 2-core machine
 * that also runs the proxy and the backend), or autocannon when wrk is absent; and latency at
 * a fixed rate with a paced node:http client, whose own overhead is the same with and without
 * a proxy in between, so the difference of two runs is what the proxy adds.
 */
export interface Throughput {
  tool: string
  perSecond: number
  /** Requests answered in the run. */
  requests: number
  p50Ms: number
  p99Ms: number
  /** Non-2xx answers and socket errors. */
  errors: number
}

export function wrkAvailable(): boolean {
  return spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined
}

export async function measureThroughput(port: number, seconds: number, connections: number): Promise<Throughput> {
  return wrkAvailable() ? runWrk(port, seconds, connections) : runAutocannon(port, seconds, connections)
}

async function runWrk(port: number, seconds: number, connections: number): Promise<Throughput> {
  const { stdout } = await promisify(execFile)('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', `http://127.0.0.1:${port}/`])
  return parseWrk(stdout)
}

/** Reads wrk's report: Requests/sec, the 50 % and 99 % latencies, non-2xx and socket errors. */
export function parseWrk(out: string): Throughput {
  const perSecond = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1])
  const latency = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(out)
    if (!m) return NaN
    return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1)
  }
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0)
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)
  const socketErrors = socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0
  if (!Number.isFinite(perSecond)) throw new Error(`could not read wrk's output: ${out}`)
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0)
  return { tool: 'wrk', perSecond, requests, p50Ms: latency('50'), p99Ms: latency('99'), errors: non2xx + socketErrors }
}

async function runAutocannon(port: number, seconds: number, connections: number): Promise<Throughput> {
  const { default: autocannon } = await import('autocannon')
  const r = await autocannon({ url: `http://127.0.0.1:${port}/`, connections, duration: seconds })
  return { tool: 'autocannon', perSecond: r.requests.total / r.duration, requests: r.requests.total, p50Ms: r.latency.p50, p99Ms: r.latency.p99, errors: r.non2xx + r.errors + r.timeouts }
}

export interface Paced {
  p50Ms: number
  p99Ms: number
  count: number
  errors: number
}

/**
 * `connections` keep-alive connections sharing `ratePerSecond` requests a second between
 * them, evenly spaced, for `seconds`; the latency of each from send to last byte.
 */
export async function measurePaced(port: number, seconds: number, connections: number, ratePerSecond: number): Promise<Paced> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  const latencies: number[] = []
  let errors = 0
  const interval = (connections * 1000) / ratePerSecond
  const start = performance.now()
  const end = start + seconds * 1000
  const once = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now()
      const req = request({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
        res.resume()
        res.on('end', () => {
          if (res.statusCode === 200) latencies.push(performance.now() - t0)
          else errors++
          resolve()
        })
      })
      req.on('error', () => {
        errors++
        resolve()
      })
      req.end()
    })
  const lane = async (offset: number) => {
    for (let k = 0; ; k++) {
      const due = start + offset + k * interval
      if (due >= end) return
      const wait = due - performance.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      await once()
    }
  }
  await Promise.all(Array.from({ length: connections }, (_, i) => lane((i * interval) / connections)))
  agent.destroy()
  return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), count: latencies.length, errors }
}

/** CPU seconds (user + system) a process has used, from /proc (Linux; clock ticks of 10 ms). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** The processes a process started (nginx's workers), from /proc. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}
