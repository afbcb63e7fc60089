import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import type { LogBatch } from '../../core/agent-protocol.js'
import { ManualClock, systemClock, type Clock } from '../../core/clock.js'
import { silentLogger, type Logger } from '../../core/log.js'
import { waitFor } from '../../testing/wait.js'
import { RuntimeErrors } from '../runtime/errors.js'
import { FakeRuntime } from '../runtime/fake/fake-runtime.js'
import type { LogLine } from '../runtime/observation.js'
import type { LogTarget } from './awslogs.js'
import type { LogSource } from './container-follower.js'
import { FakeLogServer } from '../../testing/fake-log-server.js'
import { createLogShipper, type LogShipper, type LogShipperOptions } from './log-shipper.js'
import { MAX_EVENT_MESSAGE_BYTES } from './split-message.js'

const TASK_ID = '0123456789abcdef0123456789abcdef'
const GROUP = '/ecs/web'
const STREAM = `ecs/web/${TASK_ID}`

const dirs: string[] = []
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const target = (runtimeId: string, options: Record<string, string> | undefined = { 'awslogs-group': GROUP, 'awslogs-stream-prefix': 'ecs', 'awslogs-create-group': 'true' }): LogTarget => ({
  taskArn: `arn:aws:ecs:us-east-1:000000000000:task/prod/${TASK_ID}`,
  taskId: TASK_ID,
  clusterName: 'prod',
  containerName: 'web',
  runtimeId,
  ...(options && { logConfiguration: { logDriver: 'awslogs' as const, options } }),
})

const recordingLogger = () => {
  const lines: string[] = []
  const logger: Logger = { info: (m) => lines.push(`INFO ${m}`), warn: (m) => lines.push(`WARN ${m}`), error: (m) => lines.push(`ERROR ${m}`) }
  return { logger, lines }
}

/** A FakeRuntime with one running container, a data dir, and shippers that all feed one server. */
async function setup(o: { shipper?: Partial<LogShipperOptions>; server?: FakeLogServer; clock?: Clock } = {}) {
  const clock = o.clock ?? new ManualClock()
  const rt = new FakeRuntime({ clock, images: { 'fake/app': {} } })
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-shipper-'))
  dirs.push(dataDir)
  const id = await rt.create({ image: 'fake/app', labels: {} })
  await rt.start(id)
  const server = o.server ?? new FakeLogServer()
  const newShipper = (over: Partial<LogShipperOptions> = {}): LogShipper => {
    const shipper = createLogShipper({ runtime: rt, clock, logger: silentLogger, dataDir, region: 'us-east-1', maxBatchDelayMs: 5, retryDelayMs: { min: 5, max: 20 }, ...o.shipper, ...over })
    server.attach(shipper)
    return shipper
  }
  const write = (...lines: string[]) => lines.forEach((l) => rt.writeLog(id, l.startsWith('err') ? 'stderr' : 'stdout', l))
  return { clock, rt, dataDir, id, server, newShipper, write, cursorFile: join(dataDir, 'log-cursors', `${id}.json`) }
}

const until = <T>(what: string, read: () => T | Promise<T>, done: (v: T) => boolean, timeoutMs = 5000) =>
  waitFor(what, async () => read(), done, { timeoutMs, intervalMs: 2 })
const numbers = (from: number, to: number, prefix = 'line ') => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`)

describe('createLogShipper on FakeRuntime', () => {
  it('ships stdout and stderr lines in the order the engine stamped them, numbered from 1', async () => {
    const { newShipper, write, clock, id, server } = await setup()
    const shipper = newShipper()
    write('out 1', 'err 2')
    ;(clock as ManualClock).advance(1)
    write('out 3', 'err 4', 'out 5')
    shipper.follow(target(id))
    await until('5 lines', () => server.numbered(GROUP, STREAM).length, (n) => n === 5)
    ;(clock as ManualClock).advance(1)
    write('err 6', '', 'out 8') // an empty line is not an event (CloudWatch refuses them)
    await until('7 lines', () => server.numbered(GROUP, STREAM).length, (n) => n === 7)
    assert.deepEqual(await server.messages(GROUP, STREAM), ['out 1', 'err 2', 'out 3', 'err 4', 'out 5', 'err 6', 'out 8'])
    const first = server.batches[0] as LogBatch
    assert.deepEqual({ ...first, events: first.events.slice(0, 2) }, {
      logGroupName: GROUP,
      logStreamName: STREAM,
      createGroup: true,
      firstSequence: 1,
      events: [
        { timestamp: Date.UTC(2026, 0, 1), message: 'out 1' },
        { timestamp: Date.UTC(2026, 0, 1), message: 'err 2' },
      ],
    })
    await shipper.forget(id)
    await shipper.stop()
  })

  it('names the stream <prefix>/<container>/<task id>, or after the container id without a prefix', async () => {
    const { newShipper, write, rt, server, id } = await setup()
    const shipper = newShipper()
    const bare = await rt.create({ image: 'fake/app', labels: {} })
    await rt.start(bare)
    rt.writeLog(bare, 'stdout', 'no prefix')
    write('with prefix')
    shipper.follow(target(bare, { 'awslogs-group': GROUP, 'awslogs-create-group': 'true' }))
    shipper.follow(target(id))
    await until('both streams', () => server.batches.length, (n) => n === 2)
    assert.deepEqual(await server.messages(GROUP, bare), ['no prefix'])
    assert.deepEqual(await server.messages(GROUP, STREAM), ['with prefix'])
    assert.match(bare, /^[0-9a-f]{64}$/)
    await shipper.stop()
  })

  it('asks the server to create the group only with awslogs-create-group true', async () => {
    const { newShipper, write, id, server } = await setup()
    const shipper = newShipper()
    write('a')
    shipper.follow(target(id, { 'awslogs-group': GROUP, 'awslogs-stream-prefix': 'ecs' }))
    await until('a batch', () => server.batches.length, (n) => n === 1)
    await server.idle()
    assert.equal(server.batches[0]?.createGroup, false)
    assert.deepEqual(server.refused, [`${GROUP}/${STREAM}: group-missing`])
    assert.equal(await server.groupExists(GROUP), false)
    await shipper.stop()
  })

  it('ignores containers without the awslogs driver, and says why it refuses a bad awslogs one', async () => {
    const { newShipper, write, id, rt, server } = await setup()
    const { logger, lines } = recordingLogger()
    const shipper = newShipper({ logger })
    write('a')
    shipper.follow({ ...target(id), logConfiguration: undefined })
    shipper.follow({ ...target(id), logConfiguration: { logDriver: 'json-file', options: {} } })
    shipper.follow(target(id, { 'awslogs-stream-prefix': 'ecs' }))
    shipper.follow({ ...target(id, { 'awslogs-group': GROUP, 'awslogs-region': 'eu-west-1' }), runtimeId: 'other' })
    await new Promise((r) => setTimeout(r, 20))
    assert.deepEqual(rt.callsOf('logs').length, 1) // only the valid awslogs one ('other' does not exist)
    assert.deepEqual(shipper.streams().map((s) => s.runtimeId), ['other'])
    assert.deepEqual(lines.slice(0, 2), [
      "WARN not shipping a container's log: awslogs-group is required",
      "WARN awslogs: awslogs-region eu-west-1: shipped to this server's region us-east-1",
    ])
    assert.equal(server.batches.length, 0)
    await shipper.stop()
  })

  it('batches by count, by bytes and by time', async () => {
    const { newShipper, write, id, server } = await setup({ shipper: { maxBatchEvents: 4, maxBatchDelayMs: 3_600_000 } })
    const shipper = newShipper()
    write(...numbers(1, 10))
    shipper.follow(target(id))
    await until('two full batches', () => server.batches.length, (n) => n === 2)
    assert.deepEqual(server.batches.map((b) => [b.firstSequence, b.events.length]), [[1, 4], [5, 4]])
    assert.equal(shipper.streams()[0]?.pending, 2) // waiting for company, up to an hour
    await shipper.forget(id)
    assert.deepEqual(server.batches.map((b) => [b.firstSequence, b.events.length]), [[1, 4], [5, 4], [9, 2]])

    // Bytes: 10-byte lines cost 36 each; 100 bytes hold two.
    const bytes = await setup({ shipper: { maxBatchBytes: 100, maxBatchDelayMs: 3_600_000 } })
    const s2 = bytes.newShipper()
    bytes.write(...numbers(1, 5, 'line-0000'))
    s2.follow(target(bytes.id))
    await until('two batches', () => bytes.server.batches.length, (n) => n === 2)
    await s2.forget(bytes.id)
    assert.deepEqual(bytes.server.batches.map((b) => b.events.length), [2, 2, 1])

    // Time: a lone line leaves after maxBatchDelayMs.
    const timed = await setup({ shipper: { maxBatchDelayMs: 20 } })
    const s3 = timed.newShipper()
    s3.follow(target(timed.id))
    await until('following', () => timed.rt.callsOf('logs').length, (n) => n === 1)
    const t0 = Date.now()
    timed.write('lonely')
    await until('the lone line', () => timed.server.batches.length, (n) => n === 1)
    assert.ok(Date.now() - t0 >= 15, `shipped after ${Date.now() - t0} ms`)
    await s3.stop()
  })

  it('splits a line longer than an event may be into events with its timestamp', async () => {
    const { newShipper, write, id, server } = await setup({ shipper: { maxBatchBytes: 26 + 10 } })
    const shipper = newShipper()
    write('abcdefghijklmnopqrstuvwxy', 'next')
    shipper.follow(target(id))
    await until('4 events', () => server.numbered(GROUP, STREAM).length, (n) => n === 4)
    assert.deepEqual(server.numbered(GROUP, STREAM), ['abcdefghij', 'klmnopqrst', 'uvwxy', 'next'])
    assert.equal(new Set(server.batches.flatMap((b) => b.events.map((e) => e.timestamp))).size, 1)
    await shipper.stop()

    // The CloudWatch limit with default batching: 600 KiB of text makes three events.
    const big = await setup()
    const s2 = big.newShipper()
    const line = 'é'.repeat(300 * 1024)
    big.write(line)
    s2.follow(target(big.id))
    await s2.forget(big.id)
    const events = big.server.batches.flatMap((b) => b.events)
    assert.equal(events.length, 3)
    assert.ok(events.every((e) => Buffer.byteLength(e.message) <= MAX_EVENT_MESSAGE_BYTES))
    assert.equal(events.map((e) => e.message).join(''), line)
    assert.ok(big.server.batches.every((b) => b.events.reduce((n, e) => n + Buffer.byteLength(e.message) + 26, 0) <= 256 * 1024))
  })

  it('ships the last lines of a container that exits before forget resolves, acknowledged or not', async () => {
    const server = new FakeLogServer({ acknowledge: () => false })
    const { newShipper, write, id, rt, cursorFile } = await setup({ server, shipper: { maxBatchEvents: 2, maxUnacknowledgedBatches: 1, maxBatchDelayMs: 3_600_000 } })
    const shipper = newShipper()
    shipper.follow(target(id))
    write(...numbers(1, 9))
    rt.exit(id, 0)
    await until('reading to pause', () => shipper.streams()[0]?.unacknowledgedBatches, (n) => n === 1)
    await shipper.forget(id)
    assert.deepEqual(await server.messages(GROUP, STREAM), numbers(1, 9))
    assert.equal(server.batches.at(-1)?.events.length, 1) // the odd line did not wait for its hour
    assert.deepEqual(shipper.streams(), [])
    assert.equal(existsSync(cursorFile), false)
    await shipper.stop()
  })

  it('hands off the lines of a container that exited on its own without waiting for the delay', async () => {
    const { newShipper, write, id, rt, server } = await setup({ shipper: { maxBatchDelayMs: 3_600_000 } })
    const shipper = newShipper()
    shipper.follow(target(id))
    write('a', 'b')
    rt.exit(id, 1)
    await until('the stream to end', () => shipper.streams()[0]?.state, (s) => s === 'ended')
    assert.deepEqual(server.numbered(GROUP, STREAM), ['a', 'b'])
    await shipper.stop()
  })

  it('pauses reading while too many batches await acknowledgement', async () => {
    const server = new FakeLogServer({ acknowledge: () => false })
    const { newShipper, write, id } = await setup({ server, shipper: { maxBatchEvents: 2, maxUnacknowledgedBatches: 2 } })
    const shipper = newShipper()
    write(...numbers(1, 20))
    shipper.follow(target(id))
    await until('two batches', () => server.batches.length, (n) => n === 2)
    await new Promise((r) => setTimeout(r, 20))
    assert.equal(shipper.streams()[0]?.read, 4)
    shipper.acknowledged(server.batches[0] as LogBatch)
    await until('one more batch', () => server.batches.length, (n) => n === 3)
    await new Promise((r) => setTimeout(r, 20))
    assert.equal(shipper.streams()[0]?.read, 6)
    await shipper.stop()
  })

  it('persists the cursor of acknowledged lines atomically, not per line', async () => {
    const { newShipper, write, id, cursorFile, dataDir } = await setup({ shipper: { maxBatchEvents: 5 } })
    const shipper = newShipper()
    write(...numbers(1, 12))
    shipper.follow(target(id))
    await until('12 acknowledged', () => shipper.streams()[0]?.acknowledged, (n) => n === 12)
    await shipper.stop()
    const cursor = JSON.parse(readFileSync(cursorFile, 'utf8')) as Record<string, unknown>
    assert.deepEqual({ ...cursor }, { version: 1, runtimeId: id, logGroupName: GROUP, logStreamName: STREAM, sequence: 12, sinceMs: Date.UTC(2026, 0, 1) - 2000, skip: 12, time: Date.UTC(2026, 0, 1) })
    assert.equal(existsSync(join(dataDir, 'log-cursors', `${id}.json.tmp`)), false)
  })

  it('resumes after an agent restart right after the acknowledged lines; re-sent ones are de-duplicated', async () => {
    // The first agent's acknowledgements stop after 4 batches, though the server applies them all.
    const server = new FakeLogServer({ acknowledge: (_b, i) => i < 4 })
    const { newShipper, write, id, clock } = await setup({ server, shipper: { maxBatchEvents: 5 } })
    const a = newShipper()
    for (let i = 1; i <= 50; i++) {
      write(i % 3 === 0 ? `err ${i}` : `out ${i}`)
      if (i % 7 === 0) (clock as ManualClock).advance(1) // several lines per millisecond
    }
    a.follow(target(id))
    await until('10 batches', () => server.batches.length, (n) => n === 10)
    await server.idle()
    assert.equal(a.streams()[0]?.acknowledged, 20)
    await a.stop()

    for (let i = 51; i <= 80; i++) write(`out ${i}`) // while no agent runs
    const b = newShipper()
    b.follow(target(id))
    await until('80 lines', () => server.numbered(GROUP, STREAM).length, (n) => n === 80)
    const resumed = server.batches.slice(10)
    assert.equal(resumed[0]?.firstSequence, 21) // right after the cursor, not after what was applied
    assert.equal(resumed[0]?.events[0]?.message, 'err 21')
    const want = Array.from({ length: 80 }, (_, k) => (k + 1 <= 50 && (k + 1) % 3 === 0 ? `err ${k + 1}` : `out ${k + 1}`))
    assert.deepEqual(server.numbered(GROUP, STREAM), want)
    assert.deepEqual(await server.messages(GROUP, STREAM), want) // every line once, in order
    await b.forget(id)
    await b.stop()
  })

  it('resumes exactly when lines are stamped out of order around the cursor', async () => {
    // stdout and stderr are stamped by two goroutines in Docker: a line can follow one stamped later.
    const server = new FakeLogServer({ acknowledge: (_b, i) => i < 1 })
    const clock = new ManualClock()
    const { newShipper, rt, id } = await setup({ server, clock, shipper: { maxBatchEvents: 2, resumeMarginMs: 1 } }) // 1 ms of disorder needs 1 ms of margin
    const at = (ms: number, stream: LogLine['stream'], text: string) => {
      clock.advance(ms - (clock.now() - Date.UTC(2026, 0, 1)))
      rt.writeLog(id, stream, text)
    }
    at(10, 'stdout', 'a')
    at(12, 'stderr', 'b') // the cursor lands here
    at(11, 'stdout', 'c') // stamped before b, written after it
    at(12, 'stdout', 'd')
    const a = newShipper()
    a.follow(target(id))
    await until('2 batches', () => server.batches.length, (n) => n === 2)
    await a.stop()
    at(13, 'stderr', 'e')
    const b = newShipper()
    b.follow(target(id))
    await until('5 lines', () => server.numbered(GROUP, STREAM).length, (n) => n === 5)
    assert.deepEqual(server.numbered(GROUP, STREAM), ['a', 'b', 'c', 'd', 'e'])
    assert.equal(server.batches[2]?.firstSequence, 3)
    await b.stop()
  })

  it('resumes mid-way through a split line', async () => {
    const server = new FakeLogServer({ acknowledge: (_b, i) => i < 1 })
    const { newShipper, write, id } = await setup({ server, shipper: { maxBatchBytes: 26 + 4, maxBatchEvents: 1 } })
    const a = newShipper()
    write('aaaabbbbcccc')
    a.follow(target(id))
    await until('3 events', () => server.batches.length, (n) => n === 3)
    await a.stop()
    const b = newShipper()
    b.follow(target(id))
    await until('re-sent', () => server.batches.length, (n) => n === 5)
    assert.deepEqual(server.batches.slice(3).map((x) => [x.firstSequence, x.events[0]?.message]), [[2, 'bbbb'], [3, 'cccc']])
    assert.deepEqual(await server.messages(GROUP, STREAM), ['aaaa', 'bbbb', 'cccc'])
    await b.stop()
  })

  it('without a cursor, re-reads from the first line with the same numbers (the server skips them)', async () => {
    const { newShipper, write, id, server, cursorFile } = await setup({ shipper: { maxBatchEvents: 3 } })
    const a = newShipper()
    write(...numbers(1, 7))
    a.follow(target(id))
    await until('7 acknowledged', () => a.streams()[0]?.acknowledged, (n) => n === 7)
    await a.stop()
    unlinkSync(cursorFile)
    write(...numbers(8, 9))
    const b = newShipper()
    b.follow(target(id))
    await until('9 lines', () => server.numbered(GROUP, STREAM).length, (n) => n === 9)
    assert.equal(server.batches.find((x, i) => i > 0 && x.firstSequence === 1)?.events[0]?.message, 'line 1')
    assert.deepEqual(await server.messages(GROUP, STREAM), numbers(1, 9))
    await b.stop()
  })

  it('re-opens a log stream that fails mid-way, skipping what it already read', async () => {
    const { rt, write, id, server, clock, dataDir } = await setup({ shipper: { maxBatchEvents: 4 } })
    let calls = 0
    const flaky: LogSource = {
      inspect: (x) => rt.inspect(x),
      async *logs(x, options) {
        const first = ++calls === 1
        let n = 0
        for await (const line of rt.logs(x, options)) {
          if (first && ++n > 6) throw RuntimeErrors.engineUnreachable('unix:///var/run/docker.sock', 'connection reset')
          yield line
        }
      },
    }
    const { logger, lines } = recordingLogger()
    const shipper = createLogShipper({ runtime: flaky, clock, logger, dataDir, region: 'us-east-1', maxBatchEvents: 4, maxBatchDelayMs: 5, retryDelayMs: { min: 5, max: 20 } })
    server.attach(shipper)
    write(...numbers(1, 10))
    shipper.follow(target(id))
    await until('10 lines', () => server.numbered(GROUP, STREAM).length, (n) => n === 10)
    write(...numbers(11, 12))
    await until('12 lines', () => server.numbered(GROUP, STREAM).length, (n) => n === 12)
    assert.deepEqual(await server.messages(GROUP, STREAM), numbers(1, 12))
    assert.equal(calls, 2)
    assert.deepEqual(lines, ['WARN reading a container log failed; re-opening it'])
    await shipper.stop()
  })

  it('forgetting a container it does not follow deletes a cursor left from before', async () => {
    const { newShipper, write, id, cursorFile } = await setup()
    const a = newShipper()
    write('a')
    a.follow(target(id))
    await until('a cursor', () => existsSync(cursorFile), (x) => x)
    await a.stop()
    const b = newShipper()
    await b.forget(id)
    assert.equal(existsSync(cursorFile), false)
    await b.stop()
  })

  it('ships 100,000 lines from one container once each, in order (its rate is a diagnostic; the bench holds the target)', async (t) => {
    const { rt, id, dataDir } = await setup({ clock: systemClock })
    const shipper = createLogShipper({ runtime: rt, clock: systemClock, logger: silentLogger, dataDir, region: 'us-east-1' })
    let received = 0
    let inOrder = true
    shipper.onBatch((batch) => {
      if (batch.firstSequence !== received + 1) inOrder = false
      for (const e of batch.events) if (e.message !== `line ${++received}`) inOrder = false
      queueMicrotask(() => shipper.acknowledged(batch)) // the server's answer, without its cost
    })
    const total = 100_000
    const started = performance.now()
    shipper.follow(target(id))
    for (let i = 1; i <= total; ) {
      const end = Math.min(total, i + 999)
      for (; i <= end; i++) rt.writeLog(id, 'stdout', `line ${i}`) // the container writes 1,000 lines per tick
      await new Promise((r) => setImmediate(r))
    }
    rt.exit(id, 0)
    await shipper.forget(id)
    const seconds = (performance.now() - started) / 1000
    const rate = Math.round(total / seconds)
    t.diagnostic(`shipped ${total} lines in ${seconds.toFixed(3)} s: ${rate} lines/s`)
    assert.equal(received, total)
    assert.ok(inOrder)
    await shipper.stop()
  })
})
