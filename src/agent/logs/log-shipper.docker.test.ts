import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { systemClock } from '../../core/clock.js'
import { silentLogger } from '../../core/log.js'
import { connectTestEngine } from '../../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../../testing/images.js'
import { waitFor } from '../../testing/wait.js'
import { DockerRuntime } from '../runtime/docker/docker-runtime.js'
import type { LogTarget } from './awslogs.js'
import { FakeLogServer } from '../../testing/fake-log-server.js'
import { createLogShipper, type LogShipperOptions } from './log-shipper.js'

const TASK_ID = 'feedfacefeedfacefeedfacefeedface'
const GROUP = '/ecs/docker-test'

/** The shipper over a real engine: busybox containers print numbered lines; every one must arrive once, in order. */
const engine = await connectTestEngine()
describe('log shipper on a real engine', { skip: engine.skip && `no Docker Engine answers: ${engine.skip}` }, () => {
  const run = randomBytes(4).toString('hex')
  const rt = engine.skip === undefined ? engine.runtime : new DockerRuntime()
  const containers: string[] = []
  const dirs: string[] = []
  let n = 0

  before(async () => {
    await ensureTestImages(rt.client)
  })
  after(async () => {
    await Promise.all(containers.map((id) => rt.remove(id, { force: true })))
    rt.close()
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }))
  })

  const start = async (script: string) => {
    const id = await rt.create({ name: `berth-logs-${run}-${++n}`, image: TEST_IMAGES.busybox, cmd: ['sh', '-c', script], labels: { 'berth.test': 'log-shipper', 'berth.test.run': run } })
    containers.push(id)
    await rt.start(id)
    return id
  }
  const target = (runtimeId: string, container: string): LogTarget => ({
    taskArn: `arn:aws:ecs:us-east-1:000000000000:task/test/${TASK_ID}`,
    taskId: TASK_ID,
    clusterName: 'test',
    containerName: container,
    runtimeId,
    logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': GROUP, 'awslogs-stream-prefix': run, 'awslogs-create-group': 'true' } },
  })
  const stream = (container: string) => `${run}/${container}/${TASK_ID}`
  const dataDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'berth-shipper-docker-'))
    dirs.push(d)
    return d
  }
  const shipperOn = (server: FakeLogServer, dir: string, over: Partial<LogShipperOptions> = {}) => {
    const shipper = createLogShipper({ runtime: rt, clock: systemClock, logger: silentLogger, dataDir: dir, region: 'us-east-1', maxBatchDelayMs: 50, ...over })
    server.attach(shipper)
    return shipper
  }
  const exited = (id: string) => waitFor(`${id} to exit`, () => rt.inspect(id), (o) => o?.state === 'exited', { timeoutMs: 60_000 })
  const numbered = (count: number, prefix = '') => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`)

  it('ships 100,000 lines once each, in order (its rate is a diagnostic; the bench holds the target)', async (t) => {
    // No store here: the in-process SQLite server would compete with the shipper for the event loop.
    const shipper = createLogShipper({ runtime: rt, clock: systemClock, logger: silentLogger, dataDir: dataDir(), region: 'us-east-1' })
    const total = 100_000
    let received = 0
    let inOrder = true
    shipper.onBatch((batch) => {
      if (batch.firstSequence !== received + 1) inOrder = false
      for (const e of batch.events) if (e.message !== String(++received)) inOrder = false
      queueMicrotask(() => shipper.acknowledged(batch))
    })
    const started = performance.now()
    const id = await start(`seq 1 ${total}`)
    const running = performance.now()
    shipper.follow(target(id, 'seq'))
    await waitFor('every line', async () => received, (r) => r >= total, { timeoutMs: 60_000, intervalMs: 5 })
    const seconds = (performance.now() - started) / 1000
    await exited(id)
    t.diagnostic(`create and start took ${((running - started) / 1000).toFixed(2)} s`)
    await shipper.forget(id)
    const rate = Math.round(total / seconds)
    t.diagnostic(`${total} lines from container create to handed off in ${seconds.toFixed(2)} s: ${rate} lines/s`)
    assert.equal(received, total)
    assert.ok(inOrder)
    await shipper.stop()
  })

  it('ships stdout and stderr, each in order, and the last lines before forget resolves', async () => {
    const server = new FakeLogServer()
    const shipper = shipperOn(server, dataDir(), { maxBatchDelayMs: 3_600_000 })
    const id = await start('i=1; while [ $i -le 3000 ]; do echo "out $i"; echo "err $i" >&2; i=$((i+1)); done; printf "no newline at the end"')
    shipper.follow(target(id, 'both'))
    await exited(id)
    await shipper.forget(id) // the last partial batch waits for no timer
    const lines = await server.messages(GROUP, stream('both'))
    assert.equal(lines.length, 6001)
    assert.deepEqual(lines.filter((l) => l.startsWith('out ')), numbered(3000, 'out '))
    assert.deepEqual(lines.filter((l) => l.startsWith('err ')), numbered(3000, 'err '))
    // Last of the stdout lines; an stderr line written before it may be stamped after it
    // (Docker stamps each stream in its own goroutine) and the store orders by timestamp.
    assert.equal(lines.filter((l) => !l.startsWith('err ')).at(-1), 'no newline at the end')
    await shipper.stop()
    await server.close()
  })

  it('resumes after the shipper is stopped mid-way: every line once, in order', async () => {
    // The first shipper's acknowledgements stop after its sixth batch, though the server applies them all.
    let acknowledgeAll = false
    const server = new FakeLogServer({ acknowledge: (_b, i) => acknowledgeAll || i < 6 })
    const dir = dataDir()
    const a = shipperOn(server, dir, { maxBatchEvents: 500 })
    const id = await start('i=1; while [ $i -le 20000 ]; do echo "line $i"; [ $((i % 10)) -eq 0 ] && echo "err $i" >&2; [ $((i % 2000)) -eq 0 ] && sleep 0.2; i=$((i+1)); done')
    a.follow(target(id, 'resume'))
    await waitFor('5,000 lines read', async () => a.streams()[0]?.read ?? 0, (r) => r >= 5000, { timeoutMs: 60_000, intervalMs: 10 })
    await a.stop()
    await server.idle()
    const sentByA = server.batches.length
    // Batches are up to 500 lines; fewer when the container paused for longer than the delay.
    const cursor = server.batches.slice(0, 6).reduce((sum, x) => sum + x.events.length, 0)
    assert.ok((await server.shippedThrough(GROUP, stream('resume'))) > cursor, 'the server applied more than was acknowledged')

    acknowledgeAll = true
    const b = shipperOn(server, dir, { maxBatchEvents: 500 })
    b.follow(target(id, 'resume'))
    assert.equal((await waitFor('b to send', async () => server.batches[sentByA], (x) => x !== undefined, { timeoutMs: 30_000 }))?.firstSequence, cursor + 1)
    await exited(id)
    await b.forget(id)
    const lines = await server.messages(GROUP, stream('resume'))
    assert.deepEqual(lines.filter((l) => l.startsWith('line ')), numbered(20_000, 'line '))
    assert.deepEqual(lines.filter((l) => l.startsWith('err ')), Array.from({ length: 2000 }, (_, i) => `err ${(i + 1) * 10}`))
    assert.deepEqual(server.numbered(GROUP, stream('resume')).length, 22_000) // the same numbers on both reads
    await b.stop()
    await server.close()
  })
})
