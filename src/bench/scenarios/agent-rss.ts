import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { TEST_IMAGES } from '../../testing/images.js'
import { RecordingMetricStore } from '../../testing/recording-metric-store.js'
import { runTasks, startBenchCluster, watchStore } from '../bench-cluster.js'
import type { Scenario } from '../scenario.js'

const TASKS = 20
const SETTLE_MS = 3000
/** BERTH_BENCH_AGENT_RSS_IP moves the agent, e.g. off an address another run of the bench holds. */
const BIND_IP = process.env['BERTH_BENCH_AGENT_RSS_IP'] ?? '127.0.9.3'
/**
 * The agent samples its containers' stats this often: the default, as users run it. (At 1 s
 * the young generation fills with the answers' garbage faster than it is scavenged: 62 MB
 * medians on a loaded machine, 56.5 MB with `--max-semi-space-size=1`.)
 */
const STATS_INTERVAL_S = 5

/**
 * VmRSS of a `berth agent` process: idle (registered, connected, no task), then with TASKS
 * one-container tasks (busybox sleeping) RUNNING, each read SETTLE_MS after getting there.
 * A fresh cluster and agent per run. The baseline is the floor Node.js itself sets: a bare
 * `node` process that only keeps a timer, read the same way. RssFile is mostly the node
 * binary's own code pages; RssAnon is the heap (V8's and malloc's). The agent samples its
 * containers' Docker stats every STATS_INTERVAL_S and ships them: the busy figure is read only
 * once the server has made AWS/ECS figures of two rounds of samples, SETTLE_MS after that.
 */
export const agentRss: Scenario = {
  name: 'agent RSS',
  needs: ['RegisterTaskDefinition', 'RunTask'],
  async run(ctx) {
    const idle: number[] = []
    const busy: number[] = []
    const anon: number[] = []
    const file: number[] = []
    const bare: number[] = []
    for (let i = 0; i < ctx.runs; i++) {
      bare.push(await bareNodeRss())
      const metrics = new RecordingMetricStore()
      const c = await startBenchCluster(BIND_IP, {
        agentSettings: { BERTH_STATS_INTERVAL_SECONDS: String(STATS_INTERVAL_S) },
        server: { metrics, metricsIntervalMs: STATS_INTERVAL_S * 1000 },
      })
      if ('skip' in c) {
        ctx.note(`agent RSS: skipped, no Docker Engine (${c.skip})`)
        return []
      }
      try {
        const pid = c.agent.pid!
        await sleep(SETTLE_MS)
        idle.push(statusMb(pid, 'VmRSS'))
        await c.ecs('RegisterTaskDefinition', {
          family: 'bench-sleep',
          // sh as PID 1 ignores SIGTERM unless it traps it: the trap lets StopTask stop it at once.
          containerDefinitions: [{ name: 'sleep', image: TEST_IMAGES.busybox, memory: 16, command: ['sh', '-c', 'trap "exit 0" TERM; sleep 86400 & wait'] }],
        })
        const arns: string[] = []
        for (let left = TASKS; left > 0; left -= 10) arns.push(...(await runTasks(c, 'bench-sleep', Math.min(10, left))))
        await watchStore(c.store, `${TASKS} tasks RUNNING`, async (tx) => {
          const tasks = await Promise.all(arns.map((a) => tx.tasks.get(a)))
          return tasks.every((t) => t?.lastStatus === 'RUNNING') ? true : undefined
        }, 120_000)
        // Sampling is on: the server has turned two rounds of samples into cluster figures, then settle.
        const sampled = () => metrics.of('CPUUtilization', { ClusterName: c.cluster.name })
        await metrics.until(() => (sampled().length >= 2 ? true : undefined), 60_000)
        await sleep(SETTLE_MS)
        busy.push(statusMb(pid, 'VmRSS'))
        anon.push(statusMb(pid, 'RssAnon'))
        file.push(statusMb(pid, 'RssFile'))
      } finally {
        await c.close()
      }
    }
    const scenario = `\`berth agent\` process, ${TASKS} tasks RUNNING (busybox sleep), sampling stats every ${STATS_INTERVAL_S} s`
    const after = `${SETTLE_MS / 1000} s after all RUNNING`
    return [
      { scenario, metric: `VmRSS ${after}`, unit: 'MB', runs: busy, target: { kind: 'below', value: 60 } },
      { scenario, metric: `RssAnon (heaps) ${after}`, unit: 'MB', runs: anon },
      { scenario, metric: `RssFile (mostly the node binary) ${after}`, unit: 'MB', runs: file },
      { scenario: '`berth agent` process, idle (0 tasks)', metric: `VmRSS ${SETTLE_MS / 1000} s after connecting`, unit: 'MB', runs: idle },
      { scenario: `bare \`node\` process (${process.version}) keeping a timer`, metric: `VmRSS ${SETTLE_MS / 1000} s after start`, unit: 'MB', runs: bare },
    ]
  },
}

/** A field of /proc/<pid>/status (kB there), in MB. */
function statusMb(pid: number, field: 'VmRSS' | 'RssAnon' | 'RssFile'): number {
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  if (!kb) throw new Error(`no ${field} for process ${pid}`)
  return Number(kb) / 1024
}

async function bareNodeRss(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  try {
    await sleep(SETTLE_MS)
    return statusMb(child.pid!, 'VmRSS')
  } finally {
    child.kill('SIGKILL')
  }
}
