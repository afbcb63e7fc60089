import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { logsClient, spawnAwsCli } from '../../testing/logs.js'
import { awsCli, awsCliMissing, startTestServer, type TestServer } from '../../testing/server.js'

/** How `aws logs tail` prints a timestamp: ISO 8601 with microseconds and +00:00. */
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '000+00:00')
const count = (text: string, needle: string) => text.split(needle).length - 1

describe('CloudWatch Logs through the aws CLI v2', { skip: awsCliMissing }, () => {
  let t: TestServer
  let logs: CloudWatchLogsClient
  before(async () => {
    t = await startTestServer()
    logs = logsClient(t.endpoint)
  })
  after(async () => {
    logs.destroy()
    await t.close()
  })
  const ok = async (args: string[]) => {
    const res = await awsCli(t.endpoint, ['logs', ...args])
    assert.equal(res.code, 0, res.stderr)
    return res.json
  }
  /** Groups and streams for the tail tests come from the SDK: the CLI's own create calls are tested above. */
  const setUp = async (group: string, ...streams: string[]) => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }))
    for (const s of streams) await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: s }))
  }

  it('creates a group and a stream, puts events, gets them and describes the stream', async () => {
    await ok(['create-log-group', '--log-group-name', '/cli/app'])
    await ok(['create-log-stream', '--log-group-name', '/cli/app', '--log-stream-name', 'web/1'])
    const now = Date.now()
    const events = JSON.stringify([
      { timestamp: now - 2, message: 'first line' },
      { timestamp: now - 1, message: 'second line' },
    ])
    const put = (await ok(['put-log-events', '--log-group-name', '/cli/app', '--log-stream-name', 'web/1', '--log-events', events])) as {
      nextSequenceToken: string
    }
    assert.match(put.nextSequenceToken, /^\d{56}$/)
    const got = (await ok(['get-log-events', '--log-group-name', '/cli/app', '--log-stream-name', 'web/1', '--start-from-head'])) as {
      events: { timestamp: number; message: string; ingestionTime: number }[]
      nextForwardToken: string
      nextBackwardToken: string
    }
    assert.deepEqual(got.events.map((e) => [e.timestamp, e.message]), [[now - 2, 'first line'], [now - 1, 'second line']])
    assert.ok(got.events.every((e) => e.ingestionTime >= now - 2))
    assert.match(got.nextForwardToken, /^f\//)
    const streams = (await ok(['describe-log-streams', '--log-group-name', '/cli/app'])) as { logStreams: Record<string, unknown>[] }
    assert.equal(streams.logStreams.length, 1)
    assert.equal(streams.logStreams[0]?.['logStreamName'], 'web/1')
    assert.equal(streams.logStreams[0]?.['lastEventTimestamp'], now - 1)
    assert.equal(streams.logStreams[0]?.['arn'], 'arn:aws:logs:us-east-1:000000000000:log-group:/cli/app:log-stream:web/1')
    const groups = (await ok(['describe-log-groups', '--log-group-name-prefix', '/cli/'])) as { logGroups: { arn: string }[] }
    assert.deepEqual(groups.logGroups.map((g) => g.arn), ['arn:aws:logs:us-east-1:000000000000:log-group:/cli/app:*'])
  })

  it('prints Logs errors and exits 254', async () => {
    const dup = await awsCli(t.endpoint, ['logs', 'create-log-group', '--log-group-name', '/cli/app'])
    assert.equal(dup.code, 254)
    assert.match(dup.stderr, /An error occurred \(ResourceAlreadyExistsException\) when calling the CreateLogGroup operation: The specified log group already exists/)
    const missing = await awsCli(t.endpoint, ['logs', 'get-log-events', '--log-group-name', '/cli/app', '--log-stream-name', 'nope'])
    assert.equal(missing.code, 254)
    assert.match(missing.stderr, /\(ResourceNotFoundException\) when calling the GetLogEvents operation: The specified log stream does not exist\./)
  })

  it('tails a group: every stream\'s events in time order as "<ISO ts> <stream> <message>"', async () => {
    await setUp('/cli/tail', 'a', 'b')
    const now = Date.now()
    const put = (stream: string, logEvents: { timestamp: number; message: string }[]) =>
      logs.send(new PutLogEventsCommand({ logGroupName: '/cli/tail', logStreamName: stream, logEvents }))
    await put('a', [{ timestamp: now - 3000, message: 'a one' }, { timestamp: now - 1000, message: 'a two' }])
    await put('b', [{ timestamp: now - 2000, message: 'b one' }])
    await put('b', [{ timestamp: now - 20 * 60_000, message: 'too early for --since 10m' }])

    const tail = await awsCli(t.endpoint, ['logs', 'tail', '/cli/tail'])
    assert.equal(tail.code, 0, tail.stderr)
    assert.equal(
      tail.stdout,
      [`${iso(now - 3000)} a a one`, `${iso(now - 2000)} b b one`, `${iso(now - 1000)} a a two`].join('\n') + '\n',
    )
    const since = await awsCli(t.endpoint, ['logs', 'tail', '/cli/tail', '--since', '1h', '--log-stream-names', 'b', '--format', 'short'])
    assert.equal(since.code, 0, since.stderr)
    assert.deepEqual(since.stdout.trim().split('\n').map((l) => l.split(' ').slice(1).join(' ')), ['too early for --since 10m', 'b one'])
    const filtered = await awsCli(t.endpoint, ['logs', 'tail', '/cli/tail', '--filter-pattern', 'two'])
    assert.equal(filtered.stdout, `${iso(now - 1000)} a a two\n`)
  })

  it('tails a group with --follow: events put while it runs appear within one poll, none twice', async () => {
    await setUp('/cli/follow', 'app')
    const put = (logEvents: { timestamp: number; message: string }[]) =>
      logs.send(new PutLogEventsCommand({ logGroupName: '/cli/follow', logStreamName: 'app', logEvents }))
    const t0 = Date.now()
    await put([{ timestamp: t0, message: 'before follow' }])

    const tail = spawnAwsCli(t.endpoint, ['logs', 'tail', '/cli/follow', '--follow'])
    try {
      await tail.waitFor((out) => out.includes('before follow'), 15_000)
      const appended = Date.now()
      // One event in the same millisecond as the newest tail has seen: tail re-queries from that
      // millisecond and must tell the new event from the old by eventId.
      await put([
        { timestamp: t0, message: 'same millisecond' },
        { timestamp: Math.max(appended, t0 + 1), message: 'after follow 1' },
        { timestamp: Math.max(appended, t0 + 1) + 1, message: 'after follow 2' },
      ])
      const out = await tail.waitFor((o) => o.includes('after follow 2'), 8_000)
      assert.ok(Date.now() - appended < 8_000)
      assert.equal(count(out, 'before follow'), 1)
      assert.equal(count(out, 'same millisecond'), 1)
      assert.equal(count(out, 'after follow 1'), 1)
      assert.ok(out.startsWith(`${iso(t0)} app before follow\n`), out)
      // Another poll later, nothing is printed twice.
      await put([{ timestamp: Math.max(Date.now(), t0 + 3), message: 'last' }])
      const final = await tail.waitFor((o) => o.includes('last'), 8_000)
      assert.deepEqual(
        final.trim().split('\n').map((l) => l.split(' ').slice(2).join(' ')),
        ['before follow', 'same millisecond', 'after follow 1', 'after follow 2', 'last'],
      )
    } finally {
      await tail.kill()
    }
    assert.equal(tail.stderr(), '')
  })
})
