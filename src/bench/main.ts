import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { implementedEcsOperations } from '../api/ecs/index.js'
import { startBenchServer } from './bench-server.js'
import { describeMachine } from './machine.js'
import { formatTable } from './report.js'
import type { BenchContext, Row, Scenario } from './scenario.js'
import { describeClusters } from './scenarios/describe-clusters.js'
import { agentRss } from './scenarios/agent-rss.js'
import { describeTaskDefinition } from './scenarios/describe-task-definition.js'
import { hostileRequests } from './scenarios/hostile-requests.js'
import { idleRss } from './scenarios/idle-rss.js'
import { lbProxy } from './scenarios/lb-proxy.js'
import { lbRss } from './scenarios/lb-rss.js'
import { logThroughput } from './scenarios/log-throughput.js'
import { metricsIngestion } from './scenarios/metrics-ingestion.js'
import { placement } from './scenarios/placement.js'
import { registerTaskDefinition } from './scenarios/register-task-definition.js'
import { runTaskEndToEnd } from './scenarios/run-task-e2e.js'
import { scaleOut } from './scenarios/scale-out.js'
import { serviceRollout } from './scenarios/service-rollout.js'
import { serviceSchedulerScale } from './scenarios/service-scheduler.js'
import { tagResource } from './scenarios/tag-resource.js'
import { taskStart } from './scenarios/task-start.js'

/**
 * `npm run bench`: starts a control plane in a process of its own on a fresh data folder,
 * runs each scenario whose operations Berth implements, and prints a markdown table (the
 * median of 3 runs) with the machine it ran on. BERTH_BENCH_SECONDS shortens or lengthens runs;
 * BERTH_BENCH_ONLY (a regular expression on scenario names) runs only the scenarios it matches.
 */
const ALL_SCENARIOS: readonly Scenario[] = [
  describeClusters,
  describeTaskDefinition,
  registerTaskDefinition,
  tagResource,
  hostileRequests,
  placement,
  taskStart,
  runTaskEndToEnd,
  serviceSchedulerScale,
  serviceRollout,
  agentRss,
  scaleOut,
  logThroughput,
  metricsIngestion,
  lbProxy,
  lbRss,
  idleRss,
]
const ONLY = process.env['BERTH_BENCH_ONLY']
const SCENARIOS = ONLY ? ALL_SCENARIOS.filter((s) => new RegExp(ONLY, 'i').test(s.name)) : ALL_SCENARIOS
const RUNS = 3
const SECONDS = Number(process.env['BERTH_BENCH_SECONDS'] ?? 5)
const CLIENTS = 50

async function main(): Promise<void> {
  const loadAtStart = loadavg()
  const benchStarted = performance.now()
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-bench-'))
  const implemented = new Set(implementedEcsOperations())
  const notes: string[] = []
  const rows: Row[] = []
  const server = await startBenchServer(dataDir)
  try {
    const ctx: BenchContext = { server, runs: RUNS, seconds: SECONDS, clients: CLIENTS, note: (t) => notes.push(t) }
    for (const scenario of SCENARIOS) {
      const missing = scenario.needs.filter((op) => !implemented.has(op))
      if (missing.length) {
        notes.push(`${scenario.name}: skipped, Berth does not implement ${missing.join(', ')} yet`)
        console.error(`bench: ${notes.at(-1)}`)
        continue
      }
      console.error(`bench: ${scenario.name}`)
      const started = performance.now()
      try {
        rows.push(...(await scenario.run(ctx)))
        console.error(`bench: ${scenario.name} took ${((performance.now() - started) / 1000).toFixed(0)} s`)
      } catch (error) {
        // One broken scenario must not cost the figures of the others.
        notes.push(`${scenario.name}: failed, ${error instanceof Error ? error.message : String(error)}`)
        console.error(`bench: ${notes.at(-1)}`)
      }
    }
    const { rss } = await server.timings()
    notes.push(`the benchmarked server's RSS after all load scenarios: ${(rss / 2 ** 20).toFixed(0)} MB`)
    notes.push(`the whole bench took ${((performance.now() - benchStarted) / 1000).toFixed(0)} s; load average at its end: ${loadavg().map((n) => n.toFixed(2)).join(', ')}`)
  } finally {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  const out = [
    `## Berth benchmarks`,
    '',
    ...describeMachine(tmpdir(), loadAtStart),
    `- load: ${CLIENTS} concurrent keep-alive clients (node:http) in a separate process, ${SECONDS} s per run after a 1 s warm-up`,
    `- server-side time: from the request's headers parsed to its response handed to the socket`,
    '',
    ...formatTable(rows),
    '',
    ...notes.map((n) => `- ${n}`),
  ]
  console.log(out.join('\n'))
}

await main()
