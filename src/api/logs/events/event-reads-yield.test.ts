import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createApp } from '../../../api/app.js'
import type { Router } from '../../../api/router.js'
import { ManualClock } from '../../../core/clock.js'
import { DEFAULT_PARTITION } from '../../../core/config.js'
import { MAX_BATCH_BYTES, eventBytes } from '../../../core/model/log.js'
import { silentLogger } from '../../../core/log.js'
import { SqliteStore } from '../../../state/sqlite/sqlite-store.js'

/**
 * Finding 1 of the security review: FilterLogEvents read and matched up to 100,000 events in
 * one go, holding the store's queue and the event loop, so every other client waited for it;
 * GetLogEvents read up to 10,000 events however large before cutting its page at 1 MB. The
 * hazard is gone when a read gives way between chunks: a cheap request sent while one is in
 * flight is answered before it. Observed by the order in which the answers complete, never by
 * how long anything took.
 */
describe('reading a large group or stream gives way to other requests', () => {
  const clock = new ManualClock()
  let store: SqliteStore
  let router: Router
  const GROUP = '/bench/haystack'
  const EVENTS = 30_000

  before(async () => {
    store = new SqliteStore({ path: ':memory:' })
    router = createApp({ store, clock, partition: DEFAULT_PARTITION, logger: silentLogger })
    const ts = clock.now() - 60_000
    await call('Logs_20140328.CreateLogGroup', { logGroupName: GROUP })
    for (const s of ['a', 'b', 'c']) await call('Logs_20140328.CreateLogStream', { logGroupName: GROUP, logStreamName: s })
    await store.txn(async (tx) => {
      const group = await tx.logs.group(GROUP)
      for (const s of ['a', 'b', 'c']) {
        const stream = await tx.logs.stream(group!.id, s)
        // Stream c's events are a kilobyte each: 10 MB, of which GetLogEvents returns one.
        const pad = 'x'.repeat(s === 'c' ? 1_000 : 40)
        const hay = Array.from({ length: EVENTS / 3 }, (_, i) => ({ timestamp: ts + i, message: `hay ${s} ${i} ${pad}` }))
        await tx.logs.appendEvents(stream!.id, hay, ts)
      }
    })
  })
  after(() => store.close())

  async function call(target: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await router.handle({
      method: 'POST',
      path: '/',
      headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' },
      body: Buffer.from(JSON.stringify(body)),
    })
    return { status: res.status, json: JSON.parse(res.body) as Record<string, unknown> }
  }

  const rows = [
    { pattern: 'needle', why: 'a term that matches nothing: the whole group is read' },
    { pattern: '%needle\\d+%', why: 'a regex' },
  ]
  for (const { pattern, why } of rows) {
    it(`DescribeLogGroups and ListClusters sent after FilterLogEvents ${pattern} are answered first (${why})`, async () => {
      const done: string[] = []
      const filter = call('Logs_20140328.FilterLogEvents', { logGroupName: GROUP, filterPattern: pattern }).then((r) => (done.push('FilterLogEvents'), r))
      const groups = call('Logs_20140328.DescribeLogGroups', {}).then((r) => (done.push('DescribeLogGroups'), r))
      const clusters = call('AmazonEC2ContainerServiceV20141113.ListClusters', {}).then((r) => (done.push('ListClusters'), r))
      const [f, g, c] = await Promise.all([filter, groups, clusters])
      assert.equal(f.status, 200, JSON.stringify(f.json))
      assert.equal(g.status, 200)
      assert.equal(c.status, 200)
      assert.deepEqual(f.json['events'], [])
      assert.equal(done.at(-1), 'FilterLogEvents', `answered in the order ${done.join(', ')}`)
    })
  }

  it('DescribeLogGroups and ListClusters sent after GetLogEvents of 10,000 kilobyte events are answered first', async () => {
    const done: string[] = []
    const get = call('Logs_20140328.GetLogEvents', { logGroupName: GROUP, logStreamName: 'c', startFromHead: true }).then((r) => (done.push('GetLogEvents'), r))
    const groups = call('Logs_20140328.DescribeLogGroups', {}).then((r) => (done.push('DescribeLogGroups'), r))
    const clusters = call('AmazonEC2ContainerServiceV20141113.ListClusters', {}).then((r) => (done.push('ListClusters'), r))
    const [g] = await Promise.all([get, groups, clusters])
    assert.equal(g.status, 200)
    const events = g.json['events'] as { message: string }[]
    const bytes = events.reduce((n, e) => n + eventBytes(e.message), 0)
    assert.ok(bytes <= MAX_BATCH_BYTES && bytes > MAX_BATCH_BYTES - 1_100, `a page of 1 MB: ${events.length} events, ${bytes} bytes`)
    assert.equal(events[0]?.message.slice(0, 8), 'hay c 0 ')
    assert.equal(done.at(-1), 'GetLogEvents', `answered in the order ${done.join(', ')}`)
  })
})
