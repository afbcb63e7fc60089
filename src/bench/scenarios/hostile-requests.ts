import { LOGS_TARGET_PREFIX } from '../../api/logs/index.js'
import { call, measure, type BenchContext, type Row, type Scenario } from '../scenario.js'

/**
 * Bounded work per request (issue: security and resilience): ListClusters' latency while
 * other clients send the most expensive requests they can. The log group the filter patterns
 * run over holds EVENTS lines, every PATHOLOGICAL_EVERY-th of them 20 `a`s and a `!`, on which
 * a backtracking engine spends 2²⁰ steps for `(a+)+$` and C(32, 12) for `a*` twelve times.
 *
 * HOSTILE_CLIENTS loops send, in turn: FilterLogEvents with those two patterns, with the
 * costliest pattern the regex subset allows (a thousand-state program), and with a term that
 * matches nothing (the whole group read); ListClusters with 2 MB of `[`, with a flat 2 MB body
 * of empty objects, and a query form of 500,000 parameters. Meanwhile MEASURING_CLIENTS call
 * ListClusters, few enough that their figure is the hostile load's effect, not their own
 * queueing; the same clients without the hostile load give the baseline.
 */
const EVENTS = 100_000
const PATHOLOGICAL_EVERY = 10_000
const HOSTILE_CLIENTS = 4
const MEASURING_CLIENTS = 4
const GROUP = '/bench/hostile'
const BODY_LIMIT = 2 * 1024 * 1024

interface Attack {
  name: string
  headers: Record<string, string>
  body: string
}

const json = (target: string, name: string, body: string): Attack => ({
  name,
  headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' },
  body,
})
const filter = (pattern: string) =>
  json(`${LOGS_TARGET_PREFIX}.FilterLogEvents`, `FilterLogEvents ${pattern}`, JSON.stringify({ logGroupName: GROUP, filterPattern: pattern }))
const listClusters = 'AmazonEC2ContainerServiceV20141113.ListClusters'

function attacks(): Attack[] {
  return [
    filter('%(a+)+$%'),
    filter(`%${'a*'.repeat(12)}b%`),
    filter(`%\\w{1,999}\\x21%`),
    filter('needle'),
    json(listClusters, 'ListClusters, 2 MB of [', '['.repeat(BODY_LIMIT - 16)),
    json(listClusters, 'ListClusters, 2 MB of {},', '{"x":[' + '{},'.repeat(Math.floor((BODY_LIMIT - 64) / 3)) + '{}]}'),
    {
      name: 'a query form of 500,000 parameters',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeLoadBalancers&Version=2015-12-01' + '&a=1'.repeat(Math.floor((BODY_LIMIT - 64) / 4)),
    },
  ]
}

export const hostileRequests: Scenario = {
  name: 'ListClusters under hostile requests',
  needs: ['ListClusters'],
  async run(ctx) {
    await fillGroup(ctx.server.endpoint)
    await call(ctx.server.endpoint, 'CreateCluster', { clusterName: 'bench-hostile' })
    const measuring: BenchContext = { ...ctx, clients: MEASURING_CLIENTS }
    const quiet = await measure(measuring, 'ListClusters', () => '{}')

    const stop = new AbortController()
    const answered = new Map<string, number>()
    const list = attacks()
    const loops = Array.from({ length: HOSTILE_CLIENTS }, (_, i) => attack(ctx.server.endpoint, list, i, stop.signal, answered))
    const started = performance.now()
    let hostile
    try {
      hostile = await measure(measuring, 'ListClusters', () => '{}')
    } finally {
      stop.abort()
      await Promise.all(loops)
    }
    const seconds = (performance.now() - started) / 1000
    const total = [...answered.values()].reduce((a, b) => a + b, 0)
    ctx.note(`hostile requests, ${HOSTILE_CLIENTS} clients, ${total} in ${seconds.toFixed(0)} s: ${[...answered].map(([k, n]) => `${k} ×${n}`).join('; ')}`)

    const scenario = `ListClusters, ${MEASURING_CLIENTS} clients`
    const during = `${scenario}, while ${HOSTILE_CLIENTS} clients send hostile requests`
    return [
      { scenario: during, metric: 'p99 client-side', unit: 'ms', runs: hostile.clientP99, target: { kind: 'below', value: 50 } },
      { scenario: during, metric: 'p50 client-side', unit: 'ms', runs: hostile.clientP50 },
      { scenario: during, metric: 'p99 server-side, every request (the hostile ones too)', unit: 'ms', runs: hostile.serverP99 },
      { scenario: during, metric: 'event-loop delay p99', unit: 'ms', runs: hostile.loopDelayP99 },
      { scenario: during, metric: 'throughput', unit: 'req/s', runs: hostile.perSecond },
      { scenario: `${scenario}, alone`, metric: 'p99 client-side', unit: 'ms', runs: quiet.clientP99 },
      { scenario: `${scenario}, alone`, metric: 'event-loop delay p99', unit: 'ms', runs: quiet.loopDelayP99 },
    ] satisfies Row[]
  },
}

/** One hostile client: the attacks in turn from `offset`, each answer counted by kind and status. */
async function attack(endpoint: string, list: readonly Attack[], offset: number, stop: AbortSignal, answered: Map<string, number>): Promise<void> {
  for (let i = offset; !stop.aborted; i++) {
    const a = list[i % list.length]!
    let outcome: string
    try {
      const res = await fetch(endpoint, { method: 'POST', headers: a.headers, body: a.body, signal: stop })
      await res.arrayBuffer()
      outcome = String(res.status)
    } catch {
      outcome = 'unanswered at the end'
    }
    const key = `${a.name} → ${outcome}`
    answered.set(key, (answered.get(key) ?? 0) + 1)
  }
}

/** The group the filter patterns run over, put through the Logs API in batches of 10,000. */
async function fillGroup(endpoint: string): Promise<void> {
  const logs = (op: string, input: unknown) => logsCall(endpoint, op, input)
  await logs('CreateLogGroup', { logGroupName: GROUP })
  await logs('CreateLogStream', { logGroupName: GROUP, logStreamName: 'app' })
  const start = Date.now() - 60 * 60_000
  for (let first = 0; first < EVENTS; first += 10_000) {
    const logEvents = Array.from({ length: 10_000 }, (_, j) => {
      const n = first + j
      return { timestamp: start + n, message: n % PATHOLOGICAL_EVERY === 0 ? 'a'.repeat(20) + '!' : `GET /api/items/${n} 200 ${n % 97}ms` }
    })
    await logs('PutLogEvents', { logGroupName: GROUP, logStreamName: 'app', logEvents })
  }
}

async function logsCall(endpoint: string, operation: string, input: unknown): Promise<void> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'x-amz-target': `${LOGS_TARGET_PREFIX}.${operation}`, 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify(input),
  })
  const text = await res.text()
  if (res.status !== 200) throw new Error(`${operation} answered ${res.status}: ${text}`)
}
