import { loadavg } from 'node:os'
import { forkChild } from '../lb/child.js'
import { childPids, cpuSeconds, measurePaced, measureThroughput, type Throughput } from '../lb/load-tools.js'
import { nginxBinary, startNginx, type Nginx } from '../lb/nginx.js'
import type { BenchContext, Row, Scenario } from '../scenario.js'

/** The paced run's rate: well under what any of the three sustains, so latency is the proxy's own cost, not queueing. */
const PACED_RATE = 1000
/**
 * Paced rounds and their length. A p99 of a few thousand requests moves by milliseconds when
 * the host steals a core for a moment (this VM's neighbours do, under load), and nginx's moves
 * as much as Berth's: more, shorter rounds taken in turns give a median that the machine's
 * hiccups do not decide.
 */
const PACED_ROUNDS = 9
const PACED_SECONDS = 3

const nodeArgs = () => (process.env['BERTH_BENCH_LB_NODE_ARGS'] ?? '').split(' ').filter(Boolean)

/**
 * Requests per second through Berth's data plane to a trivial node:http backend, against
 * Debian's nginx proxying to the same backend in the same run, 50 keep-alive connections;
 * and what each proxy adds to the p99 latency at a fixed 1,000 requests a second. The three
 * targets (the backend direct, Berth, nginx) take turns in every run, so a busy machine
 * weighs on all of them alike.
 */
export const lbProxy: Scenario = {
  name: 'load balancer proxy vs nginx',
  needs: [],
  async run(ctx) {
    const backend = await forkChild(new URL('../lb/backend-process.js', import.meta.url), [])
    const children: { stop(): Promise<void> }[] = [backend]
    try {
      const backendPort = backend.readyMessage<{ port: number }>().port
      const proxy = await forkChild(new URL('../lb/proxy-process.js', import.meta.url), [String(backendPort)], nodeArgs())
      children.push(proxy)
      const proxyPort = proxy.readyMessage<{ port: number }>().port
      const bin = nginxBinary()
      let nginx: Nginx | undefined
      if (bin) {
        nginx = await startNginx(bin, backendPort)
        children.push(nginx)
        ctx.note(`load balancer proxy: nginx is ${nginx.version}, one worker process`)
      } else {
        ctx.note('load balancer proxy: nginx is not installed (apt-get install -y nginx), so there is no ratio')
      }
      const targets: Target[] = [
        { name: 'direct', port: backendPort, pids: () => [] },
        { name: 'Berth', port: proxyPort, pids: () => [proxy.pid] },
        ...(nginx ? [{ name: 'nginx', port: nginx.port, pids: () => [nginx!.pid, ...childPids(nginx!.pid)] }] : []),
      ]
      return await measureAll(ctx, targets)
    } finally {
      for (const c of children.reverse()) await c.stop()
    }
  },
}

interface Target {
  name: string
  port: number
  /** The proxy's processes, whose CPU time is counted (none for the backend direct). */
  pids: () => number[]
}

async function measureAll(ctx: BenchContext, targets: Target[]): Promise<Row[]> {
  const rps: Record<string, number[]> = {}
  const p99: Record<string, number[]> = {}
  const cpuUs: Record<string, number[]> = {}
  const paced: Record<string, number[]> = {}
  const pacedP50: Record<string, number[]> = {}
  let tool = ''
  for (const t of targets) await measureThroughput(t.port, 1, ctx.clients)
  for (let run = 0; run < ctx.runs; run++) {
    for (const { name, port, pids } of targets) {
      const cpuBefore = pids().reduce((sum, pid) => sum + cpuSeconds(pid), 0)
      const t: Throughput = await measureThroughput(port, ctx.seconds, ctx.clients)
      const cpu = pids().reduce((sum, pid) => sum + cpuSeconds(pid), 0) - cpuBefore
      tool = t.tool
      if (t.errors) ctx.note(`load balancer proxy: ${name} run ${run + 1}: ${t.errors} errors`)
      ;(rps[name] ??= []).push(t.perSecond)
      ;(p99[name] ??= []).push(t.p99Ms)
      if (pids().length) (cpuUs[name] ??= []).push((cpu / t.requests) * 1e6)
    }
  }
  for (let run = 0; run < Math.max(ctx.runs, PACED_ROUNDS); run++) {
    for (const { name, port } of targets) {
      const r = await measurePaced(port, Math.min(ctx.seconds, PACED_SECONDS), ctx.clients, PACED_RATE)
      if (r.errors) ctx.note(`load balancer proxy: paced ${name} run ${run + 1}: ${r.errors} errors`)
      ;(paced[name] ??= []).push(r.p99Ms)
      ;(pacedP50[name] ??= []).push(r.p50Ms)
    }
  }
  ctx.note(`load balancer proxy: throughput by ${tool} (1 thread, ${ctx.clients} connections); load average after it: ${loadavg().map((n) => n.toFixed(2)).join(', ')}`)
  const rows: Row[] = []
  const s = `LB proxy, ${ctx.clients} keep-alive connections`
  const names = targets.map((t) => t.name)
  for (const name of names) rows.push({ scenario: s, metric: `${name}: requests/s (${tool})`, unit: 'req/s', runs: rps[name]! })
  if (rps['nginx']) rows.push({ scenario: s, metric: 'Berth / nginx requests/s', unit: '×', runs: rps['Berth']!.map((b, i) => b / rps['nginx']![i]!), target: { kind: 'at least', value: 0.6 } })
  for (const name of Object.keys(cpuUs)) rows.push({ scenario: s, metric: `${name}: proxy CPU per request at full load`, unit: 'µs', runs: cpuUs[name]! })
  for (const name of names) rows.push({ scenario: s, metric: `${name}: p99 latency at full load`, unit: 'ms', runs: p99[name]! })
  const rate = PACED_RATE.toLocaleString('en-US')
  const added = (of: Record<string, number[]>, name: string) => of[name]!.map((v, i) => v - of['direct']![i]!)
  rows.push({ scenario: s, metric: `direct: p50 at ${rate} req/s`, unit: 'ms', runs: pacedP50['direct']! })
  rows.push({ scenario: s, metric: `direct: p99 at ${rate} req/s`, unit: 'ms', runs: paced['direct']! })
  for (const name of names.filter((n) => n !== 'direct')) {
    rows.push({ scenario: s, metric: `${name}: p50 added at ${rate} req/s`, unit: 'ms', runs: added(pacedP50, name) })
    rows.push({ scenario: s, metric: `${name}: p99 added at ${rate} req/s`, unit: 'ms', runs: added(paced, name), ...(name === 'Berth' ? { target: { kind: 'below' as const, value: 2 } } : {}) })
  }
  return rows
}
