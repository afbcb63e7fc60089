import type { Store } from '../../state/store.js'
import { TEST_IMAGES } from '../../testing/images.js'
import { runTasks, startBenchCluster, waitNoContainers, watchStore, watchTask, type BenchCluster } from '../bench-cluster.js'
import type { Row, Scenario } from '../scenario.js'

const LINES = 200_000
const BIND_IP = '127.0.9.4'
const GROUP = '/berth/bench/logs'
const PAGE = 10_000

/**
 * awslogs shipping from one container: `seq 1 LINES` (busybox) writes numbered lines as fast
 * as it can, the spawned agent ships them, the control plane in the bench process stores
 * them. Timed from the first line's timestamp (the engine stamps each line as it reads it
 * from the container) to the commit that makes the stream hold all LINES (the store is
 * watched, no polling), then every stored line is read back and checked: 1..LINES, in order,
 * none missing, none twice. The baseline is the engine's own pace in the same run: its
 * first to last line timestamp, the time Docker took to take the lines in.
 */
export const logThroughput: Scenario = {
  name: 'awslogs shipping throughput',
  needs: ['RegisterTaskDefinition', 'RunTask'],
  async run(ctx) {
    const c = await startBenchCluster(BIND_IP)
    if ('skip' in c) {
      ctx.note(`awslogs shipping: skipped, no Docker Engine (${c.skip})`)
      return []
    }
    try {
      await c.ecs('RegisterTaskDefinition', {
        family: 'bench-seq',
        containerDefinitions: [
          {
            name: 'seq',
            image: TEST_IMAGES.busybox,
            memory: 32,
            command: ['seq', '1', String(LINES)],
            logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': GROUP, 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'bench', 'awslogs-create-group': 'true' } },
          },
        ],
      })
      const shipped: number[] = []
      const engine: number[] = []
      let wrong = 0
      for (let i = 0; i < ctx.runs; i++) {
        const r = await shipOnce(c)
        shipped.push(LINES / (r.storedMs / 1000))
        engine.push(LINES / (r.engineMs / 1000))
        wrong += r.wrong
      }
      const scenario = `awslogs, 1 container printing ${LINES.toLocaleString('en-US')} lines, 1 agent process`
      const rows: Row[] = [
        { scenario, metric: 'first line → all stored', unit: 'lines/s', runs: shipped, target: { kind: 'at least', value: 10_000 } },
        { scenario, metric: `lines missing, doubled or out of order (all ${ctx.runs} runs)`, unit: 'lines', runs: [wrong], target: { kind: 'below', value: 1 } },
        { scenario, metric: 'engine taking lines in (first → last timestamp)', unit: 'lines/s', runs: engine },
      ]
      return rows
    } finally {
      await c.close()
    }
  },
}

/** One task's worth: times it, checks every stored line, waits until its container is gone. */
async function shipOnce(c: BenchCluster): Promise<{ storedMs: number; engineMs: number; wrong: number }> {
  const [arn] = await runTasks(c, 'bench-seq')
  const stream = `bench/seq/${arn!.split('/').pop()}`
  const { value: streamId } = await watchStore(c.store, `all ${LINES} lines in ${stream}`, async (tx) => {
    const group = await tx.logs.group(GROUP)
    const s = group && (await tx.logs.stream(group.id, stream))
    return s && s.shippedThrough >= LINES ? s.id : undefined
  }, 180_000)
  const doneAt = Date.now()
  const { messages, first, last } = await readStream(c.store, streamId)
  let wrong = Math.abs(messages.length - LINES)
  for (let i = 0; i < Math.min(messages.length, LINES); i++) if (messages[i] !== String(i + 1)) wrong++
  await watchTask(c.store, arn!, 'STOPPED')
  await waitNoContainers(c)
  return { storedMs: doneAt - first, engineMs: last - first, wrong }
}

async function readStream(store: Store, streamId: number): Promise<{ messages: string[]; first: number; last: number }> {
  const messages: string[] = []
  let first = NaN
  let last = NaN
  let from: { timestamp: number; sequence: number } | undefined
  for (;;) {
    const page = await store.read((tx) =>
      tx.logs.streamEvents({ streamId, startTime: 0, endTime: Number.MAX_SAFE_INTEGER, minTimestamp: 0, direction: 'forward', from, limit: PAGE }),
    )
    for (const e of page) messages.push(e.message)
    if (Number.isNaN(first) && page[0]) first = page[0].timestamp
    const end = page.at(-1)
    if (end) last = end.timestamp
    if (page.length < PAGE || !end) return { messages, first, last }
    from = { timestamp: end.timestamp, sequence: end.sequence }
  }
}
