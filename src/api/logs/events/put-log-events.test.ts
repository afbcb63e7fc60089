import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  ResourceNotFoundException,
  type CloudWatchLogsClient,
  type InputLogEvent,
} from '@aws-sdk/client-cloudwatch-logs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../core/clock.js'
import { DAY_MS } from '../../../core/model/log.js'
import { rawEcs } from '../../../testing/wire.js'
import { logsClient } from '../../../testing/logs.js'
import { startTestServer, type TestServer } from '../../../testing/server.js'

const HOUR = 60 * 60 * 1000

describe('PutLogEvents through the JS SDK', () => {
  let t: TestServer
  let logs: CloudWatchLogsClient
  const clock = new ManualClock()
  const G = '/ecs/put'
  before(async () => {
    t = await startTestServer({ clock })
    logs = logsClient(t.endpoint)
    await logs.send(new CreateLogGroupCommand({ logGroupName: G }))
  })
  after(async () => {
    logs.destroy()
    await t.close()
  })
  const stream = async (name: string) => {
    await logs.send(new CreateLogStreamCommand({ logGroupName: G, logStreamName: name }))
    return name
  }
  const put = (name: string, logEvents: InputLogEvent[], sequenceToken?: string) =>
    logs.send(new PutLogEventsCommand({ logGroupName: G, logStreamName: name, logEvents, sequenceToken }))
  const messages = async (name: string) =>
    ((await logs.send(new GetLogEventsCommand({ logGroupName: G, logStreamName: name, startFromHead: true }))).events ?? []).map((e) => e.message)

  it('stores a batch, ignores sequenceToken, and hands out the next one', async () => {
    const s = await stream('basic')
    const first = await put(s, [{ timestamp: clock.now(), message: 'one' }])
    assert.equal(first.nextSequenceToken, '2'.padStart(56, '0'))
    assert.equal(first.rejectedLogEventsInfo, undefined)
    const second = await put(s, [{ timestamp: clock.now(), message: 'two' }], 'not-the-expected-token')
    assert.equal(second.nextSequenceToken, '3'.padStart(56, '0'))
    assert.deepEqual(await messages(s), ['one', 'two'])
    const { events } = await logs.send(new GetLogEventsCommand({ logGroupName: G, logStreamName: s }))
    assert.deepEqual(events?.[0], { timestamp: clock.now(), message: 'one', ingestionTime: clock.now() })
  })

  it('reports too old, expired and too new events, stores the rest, and still succeeds', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/put-retained' }))
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/ecs/put-retained', logStreamName: 's' }))
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/ecs/put-retained', retentionInDays: 1 }))
    const now = clock.now()
    const putRetained = (logEvents: InputLogEvent[]) =>
      logs.send(new PutLogEventsCommand({ logGroupName: '/ecs/put-retained', logStreamName: 's', logEvents }))
    const expired = await putRetained([
      { timestamp: now - DAY_MS - 1, message: 'expired' }, // older than the 1-day retention
      { timestamp: now - HOUR, message: 'kept 1' },
    ])
    assert.deepEqual(expired.rejectedLogEventsInfo, { expiredLogEventEndIndex: 1 })
    const tooNew = await putRetained([
      { timestamp: now + HOUR, message: 'kept 2' },
      { timestamp: now + 2 * HOUR + 1, message: 'too new' },
    ])
    assert.deepEqual(tooNew.rejectedLogEventsInfo, { tooNewLogEventStartIndex: 1 })
    const got = await logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/put-retained', logStreamName: 's', startFromHead: true }))
    assert.deepEqual(got.events?.map((e) => e.message), ['kept 1', 'kept 2'])

    const s = await stream('old')
    const old = await put(s, [
      { timestamp: now - 15 * DAY_MS, message: 'too old' },
      { timestamp: now - 14 * DAY_MS - 1, message: 'too old too' },
    ])
    assert.deepEqual(old.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 2 })
    assert.deepEqual(await messages(s), [])
  })

  it('refuses a bad batch whole and stores nothing of it', async () => {
    const s = await stream('refused')
    const now = clock.now()
    const bad: [InputLogEvent[], RegExp][] = [
      [[{ timestamp: now, message: 'b' }, { timestamp: now - 1, message: 'a' }], /chronological order/],
      [[{ timestamp: now - DAY_MS - 1, message: 'a' }, { timestamp: now, message: 'b' }], /span more than 24 hours/],
      [[{ timestamp: now, message: 'x'.repeat(1_048_576 - 26) }, { timestamp: now, message: 'y' }], /Upload too large/],
      [Array.from({ length: 10_001 }, () => ({ timestamp: now, message: 'z' })), /at most 10000/],
      [[{ timestamp: now, message: '' }], /at least 1/],
    ]
    for (const [events, why] of bad) {
      await assert.rejects(put(s, events), (e: Error) => {
        assert.ok(e instanceof InvalidParameterException, e.name)
        assert.match(e.message, why)
        return true
      })
    }
    assert.deepEqual(await messages(s), [])
    await assert.rejects(put('no-such-stream', [{ timestamp: now, message: 'a' }]), {
      name: 'ResourceNotFoundException',
      message: 'The specified log stream does not exist.',
    })
    await assert.rejects(
      logs.send(new PutLogEventsCommand({ logGroupName: 'no-such-group', logStreamName: s, logEvents: [{ timestamp: now, message: 'a' }] })),
      (e: Error) => e instanceof ResourceNotFoundException && e.message === 'The specified log group does not exist.',
    )
  })

  it('accepts 10,000 events of equal timestamp and keeps their order exactly', async () => {
    const s = await stream('bulk')
    const now = clock.now()
    const sent = Array.from({ length: 10_000 }, (_, i) => ({ timestamp: now, message: `line ${(i * 7919) % 10_000}` }))
    await put(s, sent)
    const got = await logs.send(new GetLogEventsCommand({ logGroupName: G, logStreamName: s, startFromHead: true }))
    assert.deepEqual(got.events?.map((e) => e.message), sent.map((e) => e.message))
  })

  it('answers a malformed JSON body with SerializationException', async () => {
    const res = await rawEcs(t.router, 'PutLogEvents', '{"logGroupName": ', 'Logs_20140328.PutLogEvents')
    assert.equal(res.status, 400)
    assert.equal(res.json['__type'], 'SerializationException')
    const typed = await rawEcs(t.router, 'PutLogEvents', JSON.stringify({ logGroupName: G, logStreamName: 'basic', logEvents: [{ timestamp: 'now', message: 'a' }] }), 'Logs_20140328.PutLogEvents')
    assert.equal(typed.json['__type'], 'SerializationException')
    const unknown = await rawEcs(t.router, 'StartQuery', '{}', 'Logs_20140328.StartQuery')
    assert.equal(unknown.json['__type'], 'UnknownOperationException')
  })
})
