import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogStreamCommand,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  type CloudWatchLogsClient,
  type DescribeLogStreamsCommandInput,
} from '@aws-sdk/client-cloudwatch-logs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../core/clock.js'
import { logsClient } from '../../../testing/logs.js'
import { startTestServer, type TestServer } from '../../../testing/server.js'

describe('log streams through the JS SDK', () => {
  let t: TestServer
  let logs: CloudWatchLogsClient
  const clock = new ManualClock()
  const G = '/ecs/streams'
  before(async () => {
    t = await startTestServer({ clock })
    logs = logsClient(t.endpoint)
    await logs.send(new CreateLogGroupCommand({ logGroupName: G }))
  })
  after(async () => {
    logs.destroy()
    await t.close()
  })
  const put = (stream: string, timestamp: number, message = 'm') =>
    logs.send(new PutLogEventsCommand({ logGroupName: G, logStreamName: stream, logEvents: [{ timestamp, message }] }))
  const list = async (input: Omit<DescribeLogStreamsCommandInput, 'logGroupName'>) =>
    ((await logs.send(new DescribeLogStreamsCommand({ logGroupName: G, ...input }))).logStreams ?? []).map((s) => s.logStreamName)

  it('creates a stream once; refuses it again, in an unknown group, or with a bad name', async () => {
    await logs.send(new CreateLogStreamCommand({ logGroupName: G, logStreamName: 'web/app/1' }))
    await assert.rejects(logs.send(new CreateLogStreamCommand({ logGroupName: G, logStreamName: 'web/app/1' })), (e: Error) => {
      assert.ok(e instanceof ResourceAlreadyExistsException)
      assert.equal(e.message, 'The specified log stream already exists')
      return true
    })
    await assert.rejects(logs.send(new CreateLogStreamCommand({ logGroupName: 'nope', logStreamName: 's' })), {
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    })
    for (const bad of ['a:b', 'a*b', 'x'.repeat(513)]) {
      await assert.rejects(logs.send(new CreateLogStreamCommand({ logGroupName: G, logStreamName: bad })), InvalidParameterException)
    }
    assert.deepEqual(await list({}), ['web/app/1'])
  })

  it('describes a stream\'s event times, ARN and tokens as Logs does', async () => {
    await logs.send(new CreateLogStreamCommand({ logGroupName: G, logStreamName: 'times' }))
    const created = clock.now()
    clock.advance(1000)
    const first = clock.now() - 500
    await put('times', first)
    clock.advance(1000)
    await put('times', clock.now() - 100)
    const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupName: G, logStreamNamePrefix: 'times' }))
    assert.deepEqual(logStreams, [
      {
        logStreamName: 'times',
        creationTime: created,
        firstEventTimestamp: first,
        lastEventTimestamp: clock.now() - 100,
        lastIngestionTime: clock.now(),
        uploadSequenceToken: '3'.padStart(56, '0'),
        arn: `arn:aws:logs:us-east-1:000000000000:log-group:${G}:log-stream:times`,
        storedBytes: 0,
      },
    ])
  })

  it('orders by name or by last event time, either way round, and pages', async () => {
    for (const s of ['o/c', 'o/a', 'o/b', 'o/empty']) await logs.send(new CreateLogStreamCommand({ logGroupName: G, logStreamName: s }))
    const base = clock.now()
    await put('o/b', base - 3000)
    await put('o/c', base - 2000)
    await put('o/a', base - 1000)
    assert.deepEqual(await list({ logStreamNamePrefix: 'o/' }), ['o/a', 'o/b', 'o/c', 'o/empty'])
    assert.deepEqual(await list({ logStreamNamePrefix: 'o/', descending: true }), ['o/empty', 'o/c', 'o/b', 'o/a'])
    const byTime = (await list({ orderBy: 'LastEventTime' })).filter((n) => n?.startsWith('o/'))
    assert.deepEqual(byTime, ['o/empty', 'o/b', 'o/c', 'o/a'], 'streams with no event come first')
    const byTimeDesc = (await list({ orderBy: 'LastEventTime', descending: true })).filter((n) => n?.startsWith('o/'))
    assert.deepEqual(byTimeDesc, ['o/a', 'o/c', 'o/b', 'o/empty'])

    for (const query of [
      { logStreamNamePrefix: 'o/' },
      { logStreamNamePrefix: 'o/', descending: true },
      { orderBy: 'LastEventTime' as const },
      { orderBy: 'LastEventTime' as const, descending: true },
    ]) {
      const whole = await list(query)
      const paged: (string | undefined)[] = []
      let nextToken: string | undefined
      do {
        const page = await logs.send(new DescribeLogStreamsCommand({ logGroupName: G, ...query, limit: 1, nextToken }))
        assert.ok((page.logStreams?.length ?? 0) <= 1)
        paged.push(...(page.logStreams ?? []).map((s) => s.logStreamName))
        nextToken = page.nextToken
      } while (nextToken)
      assert.deepEqual(paged, whole, JSON.stringify(query))
    }
  })

  it('finds the group by logGroupIdentifier (name or ARN), and refuses what Logs refuses', async () => {
    const arn = `arn:aws:logs:us-east-1:000000000000:log-group:${G}:*`
    const byArn = await logs.send(new DescribeLogStreamsCommand({ logGroupIdentifier: arn, logStreamNamePrefix: 'web/' }))
    assert.deepEqual(byArn.logStreams?.map((s) => s.logStreamName), ['web/app/1'])
    const byName = await logs.send(new DescribeLogStreamsCommand({ logGroupIdentifier: G, logStreamNamePrefix: 'web/' }))
    assert.deepEqual(byName.logStreams?.map((s) => s.logStreamName), ['web/app/1'])
    await assert.rejects(logs.send(new DescribeLogStreamsCommand({})), InvalidParameterException)
    await assert.rejects(logs.send(new DescribeLogStreamsCommand({ logGroupName: G, logGroupIdentifier: G })), InvalidParameterException)
    await assert.rejects(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: G, orderBy: 'LastEventTime', logStreamNamePrefix: 'o/' })),
      InvalidParameterException,
    )
    await assert.rejects(logs.send(new DescribeLogStreamsCommand({ logGroupName: G, limit: 0 })), InvalidParameterException)
    await assert.rejects(logs.send(new DescribeLogStreamsCommand({ logGroupName: 'nope' })), ResourceNotFoundException)
  })

  it('deletes a stream with its events; an unknown stream is not found', async () => {
    await logs.send(new CreateLogStreamCommand({ logGroupName: G, logStreamName: 'gone' }))
    await put('gone', clock.now(), 'bye')
    await logs.send(new DeleteLogStreamCommand({ logGroupName: G, logStreamName: 'gone' }))
    await logs.send(new CreateLogStreamCommand({ logGroupName: G, logStreamName: 'gone' }))
    const { events } = await logs.send(new GetLogEventsCommand({ logGroupName: G, logStreamName: 'gone' }))
    assert.deepEqual(events, [])
    await assert.rejects(logs.send(new DeleteLogStreamCommand({ logGroupName: G, logStreamName: 'never' })), {
      name: 'ResourceNotFoundException',
      message: 'The specified log stream does not exist.',
    })
    await assert.rejects(logs.send(new DeleteLogStreamCommand({ logGroupName: 'nope', logStreamName: 'gone' })), {
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    })
  })
})
