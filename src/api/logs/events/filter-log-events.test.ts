import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  ResourceNotFoundException,
  type CloudWatchLogsClient,
  type FilterLogEventsCommandInput,
  type FilteredLogEvent,
} from '@aws-sdk/client-cloudwatch-logs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../core/clock.js'
import { logsClient } from '../../../testing/logs.js'
import { startTestServer, type TestServer } from '../../../testing/server.js'
import { SCAN_BUDGET } from './filter-log-events.js'

describe('FilterLogEvents through the JS SDK', () => {
  let t: TestServer
  let logs: CloudWatchLogsClient
  const clock = new ManualClock()
  const G = '/ecs/filter'
  const base = clock.now() - 60_000
  // Streams created in this order; timestamps collide across streams on purpose.
  const plan: [stream: string, offset: number, message: string][] = [
    ['web/a', 0, 'a0 INFO start'],
    ['web/b', 0, 'b0 INFO start'],
    ['worker', 1, 'w1 ERROR boom'],
    ['web/a', 1, 'a1 ERROR timeout'],
    ['web/a', 1, 'a2 WARN slow'],
    ['web/b', 2, 'b1 ERROR ignore me'],
    ['worker', 3, 'w2 INFO done'],
    ['web/b', 3, 'b2 INFO done'],
  ]
  before(async () => {
    t = await startTestServer({ clock })
    logs = logsClient(t.endpoint)
    await logs.send(new CreateLogGroupCommand({ logGroupName: G }))
    for (const s of ['web/a', 'web/b', 'worker', 'silent']) await logs.send(new CreateLogStreamCommand({ logGroupName: G, logStreamName: s }))
    for (const [stream, offset, message] of plan) {
      await logs.send(new PutLogEventsCommand({ logGroupName: G, logStreamName: stream, logEvents: [{ timestamp: base + offset, message }] }))
    }
  })
  after(async () => {
    logs.destroy()
    await t.close()
  })
  const filter = (input: Omit<FilterLogEventsCommandInput, 'logGroupName'> = {}) =>
    logs.send(new FilterLogEventsCommand({ logGroupName: G, ...input }))
  const ids = (events: FilteredLogEvent[] | undefined) => (events ?? []).map((e) => e.message?.split(' ')[0])
  async function all(input: Omit<FilterLogEventsCommandInput, 'logGroupName'>): Promise<{ events: FilteredLogEvent[]; pages: number }> {
    const events: FilteredLogEvent[] = []
    let nextToken: string | undefined
    let pages = 0
    do {
      const page = await filter({ ...input, nextToken })
      events.push(...(page.events ?? []))
      nextToken = page.nextToken
      pages++
    } while (nextToken)
    return { events, pages }
  }

  it('returns every stream\'s events in time order, ties by stream then ingestion, each with all five fields', async () => {
    const res = await filter()
    assert.deepEqual(ids(res.events), ['a0', 'b0', 'a1', 'a2', 'w1', 'b1', 'b2', 'w2'])
    for (const e of res.events ?? []) {
      assert.deepEqual(Object.keys(e).sort(), ['eventId', 'ingestionTime', 'logStreamName', 'message', 'timestamp'])
      assert.match(e.eventId!, /^\d{56}$/)
    }
    assert.equal(new Set(res.events?.map((e) => e.eventId)).size, plan.length)
    assert.equal(res.nextToken, undefined)
    assert.deepEqual(res.searchedLogStreams, ['silent', 'web/a', 'web/b', 'worker'].map((logStreamName) => ({ logStreamName, searchedCompletely: true })))
  })

  it('pages with limit and nextToken to exactly the whole answer, ending without an empty page', async () => {
    const whole = await filter()
    for (const limit of [1, 3, 7]) {
      const paged = await all({ limit })
      assert.deepEqual(paged.events, whole.events, `limit ${limit}`)
      assert.equal(paged.pages, Math.ceil(plan.length / limit))
    }
    const page = await filter({ limit: 3 })
    assert.deepEqual(page.searchedLogStreams?.[0], { logStreamName: 'silent', searchedCompletely: false })
  })

  it('selects streams by name or prefix, filters by pattern and by [startTime, endTime)', async () => {
    assert.deepEqual(ids((await filter({ logStreamNames: ['worker', 'web/b', 'not-there'] })).events), ['b0', 'w1', 'b1', 'b2', 'w2'])
    assert.deepEqual((await filter({ logStreamNames: ['not-there'] })).events, [])
    assert.deepEqual(ids((await filter({ logStreamNamePrefix: 'web/' })).events), ['a0', 'b0', 'a1', 'a2', 'b1', 'b2'])
    assert.deepEqual(ids((await filter({ filterPattern: 'ERROR -ignore' })).events), ['a1', 'w1'])
    assert.deepEqual(ids((await filter({ filterPattern: '?WARN ?boom' })).events), ['a2', 'w1'])
    assert.deepEqual(ids((await filter({ filterPattern: '"INFO done"', logStreamNamePrefix: 'web/' })).events), ['b2'])
    assert.deepEqual(ids((await filter({ startTime: base + 1, endTime: base + 3 })).events), ['a1', 'a2', 'w1', 'b1'])
    const paged = await all({ filterPattern: 'INFO', limit: 1 })
    assert.deepEqual(ids(paged.events), ['a0', 'b0', 'b2', 'w2'])
  })

  it('refuses what Logs refuses', async () => {
    await assert.rejects(filter({ logStreamNames: ['web/a'], logStreamNamePrefix: 'web/' }), InvalidParameterException)
    await assert.rejects(filter({ filterPattern: '{ $.level = "error" }' }), InvalidParameterException)
    await assert.rejects(filter({ nextToken: 'forged' }), InvalidParameterException)
    await assert.rejects(filter({ limit: 0 }), InvalidParameterException)
    await assert.rejects(logs.send(new FilterLogEventsCommand({})), InvalidParameterException)
    await assert.rejects(logs.send(new FilterLogEventsCommand({ logGroupName: 'nope' })), (e: Error) => {
      assert.ok(e instanceof ResourceNotFoundException)
      assert.equal(e.message, 'The specified log group does not exist.')
      return true
    })
  })

  it('ends a page early, with a nextToken, when a pattern matches nothing for a long way', async () => {
    const g = '/ecs/haystack'
    await logs.send(new CreateLogGroupCommand({ logGroupName: g }))
    await logs.send(new CreateLogStreamCommand({ logGroupName: g, logStreamName: 's' }))
    const ts = clock.now()
    await t.store.txn(async (tx) => {
      const group = await tx.logs.group(g)
      const stream = await tx.logs.stream(group!.id, 's')
      const hay = Array.from({ length: SCAN_BUDGET + 10 }, () => ({ timestamp: ts, message: 'hay' }))
      await tx.logs.appendEvents(stream!.id, [...hay, { timestamp: ts, message: 'needle' }], ts)
    })
    const first = await logs.send(new FilterLogEventsCommand({ logGroupName: g, filterPattern: 'needle' }))
    assert.deepEqual(first.events, [])
    assert.ok(first.nextToken, 'an empty page that says there is more, as AWS answers')
    const second = await logs.send(new FilterLogEventsCommand({ logGroupName: g, filterPattern: 'needle', nextToken: first.nextToken }))
    assert.deepEqual(second.events?.map((e) => e.message), ['needle'])
    assert.equal(second.nextToken, undefined)
  })
})
