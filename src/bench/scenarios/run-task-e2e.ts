import { TEST_IMAGES } from '../../testing/images.js'
import { CLUSTER_LABEL, docker, startBenchCluster, waitNoContainers, watchTask, runTasks, type BenchCluster } from '../bench-cluster.js'
import type { Row, Scenario } from '../scenario.js'
import { median, percentile } from '../stats.js'

const ROUNDS = 15
const BIND_IP = '127.0.9.2'

/**
 * RunTask → RUNNING through the whole stack: a control plane (in the bench process) and one
 * `berth agent` process on the real engine. Timed from sending RunTask (a raw JSON request)
 * to the task's lastStatus RUNNING committed in the server's store, seen by watching the
 * store (no polling delay). Against `docker run -d` of the same image with the same port
 * publishing, from the CLI's start to its exit. ROUNDS interleaved rounds after one untimed
 * warm-up round, which goes first alternating, each from no container of the cluster.
 *
 * Where the time goes comes from the engine's own event stream (create and start events,
 * stamped by the engine's clock, the same host's): each container's events relative to the
 * moment its RunTask or `docker run` was sent.
 */
export const runTaskEndToEnd: Scenario = {
  name: 'RunTask → RUNNING end to end',
  needs: ['RegisterTaskDefinition', 'RunTask', 'StopTask'],
  async run(ctx) {
    const c = await startBenchCluster(BIND_IP)
    if ('skip' in c) {
      ctx.note(`RunTask → RUNNING end to end: skipped, no Docker Engine (${c.skip})`)
      return []
    }
    try {
      return await measureRounds(c)
    } finally {
      await c.close()
    }
  },
}

interface Sample {
  total: number
  /** From sending to the engine's create and start events of the container. */
  created: number
  started: number
  /** Berth only: RunTask answered. */
  answered?: number
}

async function measureRounds(c: BenchCluster): Promise<Row[]> {
  await c.ecs('RegisterTaskDefinition', {
    family: 'bench-start',
    containerDefinitions: [{ name: 'web', image: TEST_IMAGES.web, memory: 64, portMappings: [{ containerPort: 5000 }] }],
  })
  const events = watchEvents(c)
  await events.ready
  const berth: Sample[] = []
  const cli: Sample[] = []
  try {
    for (let i = 0; i <= ROUNDS; i++) {
      // Round 0 warms both paths up (JIT, connections, page cache) and is not counted.
      const order = i % 2 === 0 ? [berthRound, cliRound] : [cliRound, berthRound]
      for (const round of order) {
        const sample = await round(c, events.times)
        if (i > 0) (round === berthRound ? berth : cli).push(sample)
      }
    }
  } finally {
    events.stop()
  }
  const b = berth.map((s) => s.total)
  const d = cli.map((s) => s.total)
  const ratio = median(b) / median(d)
  const scenario = `RunTask → RUNNING committed, 1 agent process, ${TEST_IMAGES.web} (${ROUNDS} rounds)`
  const base = `docker run -d (CLI), same image and -p ${BIND_IP}::5000 (${ROUNDS} rounds)`
  const med = (xs: Sample[], k: keyof Sample) => median(xs.map((s) => s[k] ?? NaN))
  return [
    { scenario, metric: 'Berth / docker run -d, medians', unit: '×', runs: [ratio], target: { kind: 'below', value: 1.3 } },
    { scenario, metric: 'median', unit: 'ms', runs: [median(b)] },
    { scenario, metric: 'p90', unit: 'ms', runs: [percentile(b, 90)] },
    { scenario, metric: 'RunTask answered (median)', unit: 'ms', runs: [med(berth, 'answered')] },
    { scenario, metric: 'engine create event (median)', unit: 'ms', runs: [med(berth, 'created')] },
    { scenario, metric: 'engine start event (median)', unit: 'ms', runs: [med(berth, 'started')] },
    { scenario: base, metric: 'median', unit: 'ms', runs: [median(d)] },
    { scenario: base, metric: 'p90', unit: 'ms', runs: [percentile(d, 90)] },
    { scenario: base, metric: 'engine create event (median)', unit: 'ms', runs: [med(cli, 'created')] },
    { scenario: base, metric: 'engine start event (median)', unit: 'ms', runs: [med(cli, 'started')] },
  ]
}

type EventTimes = Map<string, { create?: number; start?: number }>

/** Records the engine's create and start times (epoch ms) of every container of the cluster. */
function watchEvents(c: BenchCluster): { ready: Promise<void>; times: EventTimes; stop(): void } {
  const abort = new AbortController()
  const times: EventTimes = new Map()
  const stream = c.runtime.events({ signal: abort.signal, labels: { [CLUSTER_LABEL]: c.cluster.name } })
  void (async () => {
    try {
      for await (const e of stream) {
        if (e.type !== 'create' && e.type !== 'start') continue
        const t = times.get(e.id) ?? {}
        t[e.type] ??= e.time
        times.set(e.id, t)
      }
    } catch {
      // The breakdown goes missing (NaN); the totals do not depend on it.
    }
  })()
  return { ready: stream.ready, times, stop: () => abort.abort() }
}

async function berthRound(c: BenchCluster, times: EventTimes): Promise<Sample> {
  const wall = Date.now()
  const t0 = performance.now()
  const [arn] = await runTasks(c, 'bench-start')
  const answered = performance.now() - t0
  const { value: task, at } = await watchTask(c.store, arn!, 'RUNNING')
  const id = task.containers[0]?.runtimeId ?? ''
  const sample = { total: at - t0, answered, ...eventOffsets(times, id, wall) }
  await c.ecs('StopTask', { cluster: c.cluster.name, task: arn, reason: 'bench round done' })
  await watchTask(c.store, arn!, 'STOPPED')
  await waitNoContainers(c)
  return sample
}

async function cliRound(c: BenchCluster, times: EventTimes): Promise<Sample> {
  const wall = Date.now()
  const t0 = performance.now()
  const { stdout } = await docker(['run', '-d', '--label', c.label, '-p', `${BIND_IP}::5000`, TEST_IMAGES.web])
  const total = performance.now() - t0
  const id = stdout.trim()
  // The engine's events arrive a moment after the CLI exits; wait for them briefly.
  for (let i = 0; i < 20 && times.get(id)?.start === undefined; i++) await new Promise((r) => setTimeout(r, 10))
  await docker(['rm', '-f', id])
  await waitNoContainers(c)
  return { total, ...eventOffsets(times, id, wall) }
}

const eventOffsets = (times: EventTimes, id: string, wall: number) => ({
  created: (times.get(id)?.create ?? NaN) - wall,
  started: (times.get(id)?.start ?? NaN) - wall,
})
