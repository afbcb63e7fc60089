import { ECS_TARGET_PREFIX } from '../api/ecs/index.js'
import type { BenchServer } from './bench-server.js'
import { runLoad } from './load.js'
import { summarize } from './stats.js'

/** One figure a scenario measured, once per run; the report shows the median. */
export interface Row {
  scenario: string
  metric: string
  unit: string
  runs: number[]
  /** The target, when it names one. */
  target?: { kind: 'below' | 'at least'; value: number }
}

export interface BenchContext {
  server: BenchServer
  /** Runs per figure (the median is reported), and seconds of load per run. */
  runs: number
  seconds: number
  clients: number
  note(text: string): void
}

export interface Scenario {
  name: string
  /** ECS operations the scenario calls; it is skipped, with a note, when one is not implemented. */
  needs: readonly string[]
  run(ctx: BenchContext): Promise<Row[]>
}

/** One JSON 1.1 request, for a scenario's setup; throws unless it answers 200. */
export async function call(endpoint: string, operation: string, input: unknown): Promise<unknown> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'x-amz-target': `${ECS_TARGET_PREFIX}.${operation}`, 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify(input),
  })
  const text = await res.text()
  if (res.status !== 200) throw new Error(`${operation} answered ${res.status}: ${text}`)
  return JSON.parse(text) as unknown
}

export interface Measured {
  serverP50: number[]
  serverP99: number[]
  loopDelayP99: number[]
  clientP50: number[]
  clientP99: number[]
  perSecond: number[]
}

/**
 * Puts `ctx.clients` concurrent clients on one operation: a one-second warm-up, then
 * `ctx.runs` runs of `ctx.seconds` each, with the server's own timings for each run.
 */
export async function measure(ctx: BenchContext, operation: string, body: (n: number) => string): Promise<Measured> {
  const load = (seconds: number) =>
    runLoad({ endpoint: ctx.server.endpoint, target: `${ECS_TARGET_PREFIX}.${operation}`, body, clients: ctx.clients, seconds })
  const out: Measured = { serverP50: [], serverP99: [], loopDelayP99: [], clientP50: [], clientP99: [], perSecond: [] }
  await load(1)
  for (let i = 0; i < ctx.runs; i++) {
    await ctx.server.timings()
    const result = await load(ctx.seconds)
    const { summary: server, loopDelayP99 } = await ctx.server.timings()
    const client = summarize(result.latencies)
    if (result.errors) ctx.note(`${operation}: ${result.errors} of ${result.ok + result.errors} requests failed, first: ${result.firstError}`)
    out.serverP50.push(server.p50)
    out.serverP99.push(server.p99)
    out.loopDelayP99.push(loopDelayP99)
    out.clientP50.push(client.p50)
    out.clientP99.push(client.p99)
    out.perSecond.push(result.ok / result.seconds)
  }
  return out
}
