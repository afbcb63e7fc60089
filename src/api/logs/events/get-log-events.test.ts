import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  ResourceNotFoundException,
  type CloudWatchLogsClient,
  type GetLogEventsCommandInput,
} from '@aws-sdk/client-cloudwatch-logs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../core/clock.js'
import { logsClient } from '../../../testing/logs.js'
import { startTestServer, type TestServer } from '../../../testing/server.js'

describe('GetLogEvents through the JS SDK', () => {
  let t: TestServer
  let logs: CloudWatchLogsClient
  const clock = new ManualClock()
  const G = '/ecs/get'
  const base = clock.now() - 60_000
  const name = (i: number) => `e${String(i).padStart(2, '0')}`
  before(async () => {
    t = await startTestServer({ clock })
    logs = logsClient(t.endpoint)
    await logs.send(new CreateLogGroupCommand({ logGroupName: G }))
    await logs.send(new CreateLogStreamCommand({ logGroupName: G, logStreamName: 'paged' }))
    // 25 events, three to a timestamp: e00-e02 at base, e03-e05 at base+1, ...
    const logEvents = Array.from({ length: 25 }, (_, i) => ({ timestamp: base + Math.floor(i / 3), message: name(i) }))
    await logs.send(new PutLogEventsCommand({ logGroupName: G, logStreamName: 'paged', logEvents }))
  })
  after(async () => {
    logs.destroy()
    await t.close()
  })
  const get = (input: Omit<GetLogEventsCommandInput, 'logGroupName'>) => logs.send(new GetLogEventsCommand({ logGroupName: G, ...input }))
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => name(from + k))

  it('pages forward from the head; at the end returns the token it was given, which later yields new events', async () => {
    const pages: (string | undefined)[][] = []
    let token: string | undefined
    for (;;) {
      const page = await get({ logStreamName: 'paged', startFromHead: true, limit: 10, nextToken: token })
      if (page.events?.length === 0) {
        assert.equal(page.nextForwardToken, token, 'the end of the stream: nextForwardToken = the token passed in')
        break
      }
      pages.push(page.events!.map((e) => e.message))
      token = page.nextForwardToken
    }
    assert.deepEqual(pages, [range(0, 9), range(10, 19), range(20, 24)])
    await logs.send(new PutLogEventsCommand({ logGroupName: G, logStreamName: 'paged', logEvents: [{ timestamp: base + 9, message: 'e25' }] }))
    const more = await get({ logStreamName: 'paged', startFromHead: true, nextToken: token })
    assert.deepEqual(more.events?.map((e) => e.message), ['e25'])
  })

  it('starts from the newest page by default and pages backward to the start', async () => {
    const first = await get({ logStreamName: 'paged', limit: 10 })
    assert.deepEqual(first.events?.map((e) => e.message), range(16, 25), 'the newest 10, oldest first within the page')
    const pages = [first.events!.map((e) => e.message)]
    let token = first.nextBackwardToken
    for (;;) {
      const page = await get({ logStreamName: 'paged', limit: 10, nextToken: token })
      if (page.events?.length === 0) {
        assert.equal(page.nextBackwardToken, token, 'the start of the stream: nextBackwardToken = the token passed in')
        // Turning round at the start reads the stream from its head.
        const head = await get({ logStreamName: 'paged', limit: 4, nextToken: page.nextForwardToken })
        assert.deepEqual(head.events?.map((e) => e.message), range(0, 3))
        break
      }
      pages.unshift(page.events!.map((e) => e.message))
      token = page.nextBackwardToken
    }
    assert.deepEqual(pages, [range(0, 5), range(6, 15), range(16, 25)])
  })

  it('turns round at the end: the empty page\'s backward token reads the newest events', async () => {
    const last = await get({ logStreamName: 'paged', startFromHead: false, limit: 10000 })
    const end = await get({ logStreamName: 'paged', nextToken: last.nextForwardToken })
    assert.deepEqual(end.events, [])
    const back = await get({ logStreamName: 'paged', limit: 2, nextToken: end.nextBackwardToken })
    assert.deepEqual(back.events?.map((e) => e.message), ['e24', 'e25'])
  })

  it('honours [startTime, endTime) and the limit within it, from either end', async () => {
    const head = await get({ logStreamName: 'paged', startTime: base + 2, endTime: base + 5, startFromHead: true })
    assert.deepEqual(head.events?.map((e) => e.message), range(6, 14))
    const tail = await get({ logStreamName: 'paged', startTime: base + 2, endTime: base + 5, limit: 4 })
    assert.deepEqual(tail.events?.map((e) => e.message), range(11, 14))
    const none = await get({ logStreamName: 'paged', startTime: base + 100 })
    assert.deepEqual(none.events, [])
    assert.match(none.nextForwardToken ?? '', /^f\/\d{40}$/)
    assert.match(none.nextBackwardToken ?? '', /^b\/\d{40}$/)
  })

  it('keeps ingestion order across batches of equal timestamps, paging either way', async () => {
    await logs.send(new CreateLogStreamCommand({ logGroupName: G, logStreamName: 'ties' }))
    await logs.send(new CreateLogStreamCommand({ logGroupName: G, logStreamName: 'other' }))
    const ts = clock.now()
    const sent: string[] = []
    for (let b = 0; b < 3; b++) {
      const batch = Array.from({ length: 1000 }, (_, i) => ({ timestamp: ts, message: `b${b}-${999 - i}` }))
      sent.push(...batch.map((e) => e.message))
      await logs.send(new PutLogEventsCommand({ logGroupName: G, logStreamName: 'ties', logEvents: batch }))
      await logs.send(new PutLogEventsCommand({ logGroupName: G, logStreamName: 'other', logEvents: [{ timestamp: ts, message: 'noise' }] }))
    }
    const whole = await get({ logStreamName: 'ties', startFromHead: true })
    assert.deepEqual(whole.events?.map((e) => e.message), sent)

    const forward: string[] = []
    let token: string | undefined
    for (let guard = 0; guard < 100; guard++) {
      const page = await get({ logStreamName: 'ties', startFromHead: true, limit: 128, nextToken: token })
      if (page.events?.length === 0) break
      forward.push(...page.events!.map((e) => e.message!))
      token = page.nextForwardToken
    }
    assert.deepEqual(forward, sent)

    const backward: string[][] = []
    token = undefined
    for (let guard = 0; guard < 100; guard++) {
      const page = await get({ logStreamName: 'ties', limit: 128, nextToken: token })
      if (page.events?.length === 0) break
      backward.unshift(page.events!.map((e) => e.message!))
      token = page.nextBackwardToken
    }
    assert.deepEqual(backward.flat(), sent)
  })

  it('finds the group by ARN, and refuses unknown streams, both group parameters and forged tokens', async () => {
    const byArn = await logs.send(
      new GetLogEventsCommand({ logGroupIdentifier: `arn:aws:logs:us-east-1:000000000000:log-group:${G}`, logStreamName: 'paged', limit: 1 }),
    )
    assert.deepEqual(byArn.events?.map((e) => e.message), ['e25'])
    await assert.rejects(get({ logStreamName: 'nope' }), { name: 'ResourceNotFoundException', message: 'The specified log stream does not exist.' })
    await assert.rejects(logs.send(new GetLogEventsCommand({ logGroupName: 'nope', logStreamName: 'paged' })), ResourceNotFoundException)
    await assert.rejects(logs.send(new GetLogEventsCommand({ logStreamName: 'paged' })), InvalidParameterException)
    await assert.rejects(logs.send(new GetLogEventsCommand({ logGroupName: G, logGroupIdentifier: G, logStreamName: 'paged' })), InvalidParameterException)
    for (const nextToken of ['f/1', 'x/0000000000000000000000000000000000000000', 'garbage']) {
      await assert.rejects(get({ logStreamName: 'paged', nextToken }), InvalidParameterException, nextToken)
    }
    await assert.rejects(get({ logStreamName: 'paged', limit: 10_001 }), InvalidParameterException)
  })
})
