import { fork, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { AGENT_HEADERS } from '../../core/agent-credentials.js'
import type { TaskStats } from '../../core/agent-protocol.js'
import { ChannelPeer } from '../../testing/channel-peer.js'
import { awsCli } from '../../testing/server.js'
import type { Scenario } from '../scenario.js'

const INSTANCES = 50
const TASKS = 20
const INTERVAL_MS = 5_000
const HEARTBEAT_MS = 10_000
/** The window: a minute of frames (BERTH_BENCH_INGEST_SECONDS to change it). */
const WINDOW_S = Number(process.env['BERTH_BENCH_INGEST_SECONDS'] ?? 60)
const MIB = 1024 * 1024

interface Ready {
  type: 'ready'
  endpoint: string
  joinToken: string
  cluster: string
  instances: { arn: string; secret: string; tasks: string[] }[]
}

/**
 * The server's CPU for INSTANCES × TASKS one-container tasks' stats at a 5 s interval, the
 * issue's 1,000 containers: a control plane forked on its own (metrics-server-process.ts,
 * composeControlPlane with its controllers and the metric store Berth runs) with the
 * instances registered and their tasks RUNNING in its store, and one ChannelPeer per instance
 * on the real agent channel (hello, then heartbeats every 10 s as the agent sends them). Each
 * run: a WINDOW_S idle window (connected, heartbeats only), then a WINDOW_S window in which
 * every instance sends a `stats` frame of its 20 tasks every 5 s, staggered over the interval
 * as independent agents are. The server process's user + system CPU time (/proc/<pid>/stat)
 * over each window, as a % of one core; the difference is what ingestion costs. The AWS/ECS
 * CPUUtilization datapoints that came of the load window are read back with GetMetricStatistics
 * (the aws CLI), so the figure is not of a server that computed nothing.
 */
export const metricsIngestion: Scenario = {
  name: 'metrics ingestion',
  needs: [],
  async run(ctx) {
    const idle: number[] = []
    const loaded: number[] = []
    const diff: number[] = []
    const samples: number[] = []
    const perService: number[] = []
    for (let run = 0; run < ctx.runs; run++) {
      const child = fork(fileURLToPath(new URL('../metrics-server-process.js', import.meta.url)), [String(INSTANCES), String(TASKS)], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      })
      const peers: ChannelPeer[] = []
      const timers: NodeJS.Timeout[] = []
      try {
        const ready = await new Promise<Ready>((resolve, reject) => {
          child.once('message', (m) => resolve(m as Ready))
          child.once('exit', (code) => reject(new Error(`the metrics server exited (${code})`)))
        })
        for (const i of ready.instances) {
          const peer = await ChannelPeer.connect(ready.endpoint, { [AGENT_HEADERS.joinToken]: ready.joinToken, [AGENT_HEADERS.instanceSecret]: i.secret })
          peer.send({
            type: 'hello',
            protocol: 1,
            containerInstanceArn: i.arn,
            tasks: i.tasks.map((taskArn) => ({ taskArn, knownStatus: 'RUNNING', containers: [{ name: 'app', status: 'RUNNING' }] })),
          })
          await peer.next('desired')
          peers.push(peer)
        }
        peers.forEach((p, n) => {
          const start = setTimeout(() => timers.push(setInterval(() => p.send({ type: 'heartbeat' }), HEARTBEAT_MS)), (n * HEARTBEAT_MS) / peers.length)
          timers.push(start)
        })
        await sleep(2_000)
        idle.push(await cpuPercent(child, WINDOW_S))

        const loadStart = Date.now()
        peers.forEach((p, n) => {
          const tasks = ready.instances[n]!.tasks
          const frame = () =>
            p.send({
              type: 'stats',
              tasks: tasks.map((taskArn, j): TaskStats => ({
                taskArn,
                containers: [{ name: 'app', timestamp: Date.now(), cpuUnits: 64 + ((j * 37 + n) % 128), memoryBytes: (100 + ((j * 13 + n) % 200)) * MIB }],
              })),
            })
          const start = setTimeout(() => {
            frame()
            timers.push(setInterval(frame, INTERVAL_MS))
          }, (n * INTERVAL_MS) / peers.length)
          timers.push(start)
        })
        loaded.push(await cpuPercent(child, WINDOW_S))
        diff.push(loaded.at(-1)! - idle.at(-1)!)
        timers.splice(0).forEach((t) => clearTimeout(t))

        // What came out: the cluster's and one service's CPUUtilization over the load window.
        await sleep(INTERVAL_MS + 500)
        const count = async (dims: string[]) => {
          const r = await awsCli(ready.endpoint, ['cloudwatch', 'get-metric-statistics', '--namespace', 'AWS/ECS', '--metric-name', 'CPUUtilization',
            '--dimensions', ...dims, '--start-time', new Date(loadStart - 60_000).toISOString(), '--end-time', new Date(Date.now() + 60_000).toISOString(),
            '--period', '60', '--statistics', 'SampleCount', 'Average'])
          if (r.code !== 0) throw new Error(`get-metric-statistics: ${r.stderr}`)
          const points = ((r.json as { Datapoints?: { SampleCount: number; Average: number }[] }).Datapoints ?? [])
          return { n: points.reduce((s, d) => s + d.SampleCount, 0), average: points.map((d) => d.Average.toFixed(1)).join(' / ') }
        }
        const cluster = await count([`Name=ClusterName,Value=${ready.cluster}`])
        const service = await count([`Name=ClusterName,Value=${ready.cluster}`, 'Name=ServiceName,Value=svc-0'])
        if (cluster.n === 0 || service.n === 0) throw new Error('no AWS/ECS CPUUtilization datapoint came of the stats: the ingestion figure would measure nothing')
        samples.push(cluster.n)
        perService.push(service.n)
        ctx.note(`metrics ingestion run ${run + 1}: AWS/ECS CPUUtilization from ${new Date(loadStart).toISOString()}, cluster averages per minute ${cluster.average} %, svc-0 ${service.average} %`)
      } finally {
        timers.forEach((t) => clearTimeout(t))
        peers.forEach((p) => p.ws.close())
        const exited = new Promise((resolve) => child.once('exit', resolve))
        if (child.connected) child.send('stop')
        await Promise.race([exited, sleep(10_000)])
        child.kill('SIGKILL')
      }
    }
    const scenario = `metrics ingestion: ${INSTANCES} agents × ${TASKS} tasks × 1 container, a stats frame per agent every ${INTERVAL_MS / 1000} s, ${WINDOW_S} s windows`
    return [
      { scenario, metric: 'server CPU, stats flowing (% of one core)', unit: '%', runs: loaded, target: { kind: 'below', value: 5 } },
      { scenario, metric: 'server CPU, same server idle (heartbeats only)', unit: '%', runs: idle },
      { scenario, metric: 'server CPU, stats flowing less idle', unit: '%', runs: diff, target: { kind: 'below', value: 5 } },
      { scenario, metric: 'AWS/ECS CPUUtilization cluster figures (SampleCount) read back', unit: '', runs: samples },
      { scenario, metric: 'AWS/ECS CPUUtilization svc-0 figures (SampleCount) read back', unit: '', runs: perService },
    ]
  },
}

/** The child's user + system CPU time over `seconds` of wall time, as a % of one core. */
async function cpuPercent(child: ChildProcess, seconds: number): Promise<number> {
  const ticks = () => {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[11]) + Number(fields[12])
  }
  const t0 = ticks()
  const w0 = performance.now()
  await sleep(seconds * 1000)
  const used = (ticks() - t0) / CLK_TCK
  return (100 * used) / ((performance.now() - w0) / 1000)
}

/** USER_HZ: 100 on every Linux Node.js runs on. */
const CLK_TCK = 100
