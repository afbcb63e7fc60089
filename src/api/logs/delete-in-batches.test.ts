import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createApp } from '../app.js'
import type { Router } from '../router.js'
import { ManualClock } from '../../core/clock.js'
import { DEFAULT_PARTITION } from '../../core/config.js'
import { silentLogger } from '../../core/log.js'
import { SqliteStore } from '../../state/sqlite/sqlite-store.js'
import { EXPIRE_BATCH } from './expire-in-batches.js'

/**
 * Deleting events costs about 2.5 µs each, all on the event loop: DeleteLogGroup of a group of
 * a million events held the store and every client for 2.5 s in one transaction. Now the
 * events go in batches of their own transactions with the loop given back between them, so
 * other clients are answered while it runs: counted here by how many DescribeLogGroups, each
 * sent when the last was answered, complete before the deletion does: one or more a batch
 * (two did in all, before).
 */
describe('deleting a large group or stream gives way to other requests', () => {
  const clock = new ManualClock()
  let store: SqliteStore
  let router: Router
  const BATCHES = 5
  const EVENTS = BATCHES * EXPIRE_BATCH

  before(() => {
    store = new SqliteStore({ path: ':memory:' })
    router = createApp({ store, clock, partition: DEFAULT_PARTITION, logger: silentLogger })
  })
  after(() => store.close())

  async function call(op: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await router.handle({
      method: 'POST',
      path: '/',
      headers: { 'x-amz-target': `Logs_20140328.${op}`, 'content-type': 'application/x-amz-json-1.1' },
      body: Buffer.from(JSON.stringify(body)),
    })
    return { status: res.status, json: JSON.parse(res.body || '{}') as Record<string, unknown> }
  }

  async function fill(group: string, stream: string) {
    await call('CreateLogGroup', { logGroupName: group })
    await call('CreateLogStream', { logGroupName: group, logStreamName: stream })
    await store.txn(async (tx) => {
      const g = await tx.logs.group(group)
      const s = await tx.logs.stream(g!.id, stream)
      await tx.logs.appendEvents(s!.id, Array.from({ length: EVENTS }, (_, i) => ({ timestamp: clock.now() - EVENTS + i, message: `line ${i}` })), clock.now())
    })
  }

  /** Runs `work`, sending DescribeLogGroups one after another meanwhile; how many were answered before it ended. */
  async function answeredDuring(work: Promise<{ status: number }>): Promise<number> {
    let finished = false
    let answered = 0
    const done = work.then((r) => ((finished = true), r))
    const others = (async () => {
      while (!finished) {
        // A client's request arrives through I/O, after the macrotasks queued before it: an
        // in-process loop of calls alone would be all microtasks and never let the work run.
        await new Promise((resolve) => setImmediate(resolve))
        if (finished) break
        if ((await call('DescribeLogGroups', {})).status === 200 && !finished) answered++
      }
    })()
    const result = await done
    await others
    assert.equal(result.status, 200)
    return answered
  }

  it('DeleteLogGroup', async () => {
    await fill('/big/group', 's')
    const answered = await answeredDuring(call('DeleteLogGroup', { logGroupName: '/big/group' }))
    assert.ok(answered >= BATCHES, `${answered} DescribeLogGroups answered while ${EVENTS} events were deleted`)
    assert.equal((await call('DescribeLogGroups', { logGroupNamePrefix: '/big/group' })).json['logGroups']?.toString(), '')
    assert.equal(await store.read(async (tx) => (await tx.logs.group('/big/group')) === undefined), true)
  })

  it('DeleteLogStream', async () => {
    await fill('/big/stream', 's')
    const answered = await answeredDuring(call('DeleteLogStream', { logGroupName: '/big/stream', logStreamName: 's' }))
    assert.ok(answered >= BATCHES, `${answered} DescribeLogGroups answered while ${EVENTS} events were deleted`)
    const left = await call('GetLogEvents', { logGroupName: '/big/stream', logStreamName: 's' })
    assert.equal(left.json['__type'], 'ResourceNotFoundException')
  })

  it('PutRetentionPolicy deletes what it expires the same way, and the group keeps the rest', async () => {
    await fill('/big/retained', 's')
    clock.advance(2 * 86_400_000) // every event is now two days old
    await call('PutLogEvents', { logGroupName: '/big/retained', logStreamName: 's', logEvents: [{ timestamp: clock.now(), message: 'fresh' }] })
    const answered = await answeredDuring(call('PutRetentionPolicy', { logGroupName: '/big/retained', retentionInDays: 1 }))
    assert.ok(answered >= BATCHES, `${answered} DescribeLogGroups answered while ${EVENTS} events were expired`)
    const group = await store.read((tx) => tx.logs.group('/big/retained'))
    assert.equal(group?.storedBytes, 'fresh'.length, 'only the fresh event is left, and counted')
  })
})
