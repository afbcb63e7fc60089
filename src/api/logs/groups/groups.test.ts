import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  TagLogGroupCommand,
  TagResourceCommand,
  TooManyTagsException,
  UntagLogGroupCommand,
  UntagResourceCommand,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DAY_MS } from '../../../core/model/log.js'
import { ManualClock } from '../../../core/clock.js'
import { logsClient } from '../../../testing/logs.js'
import { startTestServer, type TestServer } from '../../../testing/server.js'

const ARN = 'arn:aws:logs:us-east-1:000000000000:log-group:'

describe('log groups through the JS SDK', () => {
  let t: TestServer
  let logs: CloudWatchLogsClient
  const clock = new ManualClock()
  before(async () => {
    t = await startTestServer({ clock })
    logs = logsClient(t.endpoint)
  })
  after(async () => {
    logs.destroy()
    await t.close()
  })
  const names = async (prefix?: string) =>
    ((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix }))).logGroups ?? []).map((g) => g.logGroupName)

  it('creates a group once, describes it as Logs does, and refuses it again', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web' }))
    const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/web' }))
    assert.deepEqual(logGroups, [
      {
        logGroupName: '/ecs/web',
        creationTime: clock.now(),
        metricFilterCount: 0,
        arn: `${ARN}/ecs/web:*`,
        logGroupArn: `${ARN}/ecs/web`,
        storedBytes: 0,
        logGroupClass: 'STANDARD',
      },
    ])
    await assert.rejects(logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web' })), (e: Error) => {
      assert.ok(e instanceof ResourceAlreadyExistsException)
      assert.equal(e.message, 'The specified log group already exists')
      return true
    })
    assert.deepEqual(await names('/ecs/web'), ['/ecs/web'])
  })

  it('refuses bad names and creates nothing', async () => {
    const before = await names()
    for (const name of ['has space', 'colon:', 'x'.repeat(513), '']) {
      await assert.rejects(logs.send(new CreateLogGroupCommand({ logGroupName: name })), InvalidParameterException, name)
    }
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'ok.-_/#Az09' }))
    assert.deepEqual(await names(), [...before, 'ok.-_/#Az09'].sort())
  })

  it('filters by prefix or pattern, pages with limit and nextToken, and refuses bad paging', async () => {
    for (const n of ['p/1', 'p/2', 'p/3', 'p/4', 'p/5', 'q/1']) await logs.send(new CreateLogGroupCommand({ logGroupName: n }))
    assert.deepEqual(await names('p/'), ['p/1', 'p/2', 'p/3', 'p/4', 'p/5'])
    const pattern = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: '/1' }))
    assert.deepEqual(pattern.logGroups?.map((g) => g.logGroupName), ['p/1', 'q/1'])
    const paged: (string | undefined)[] = []
    let nextToken: string | undefined
    do {
      const page = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'p/', limit: 2, nextToken }))
      assert.ok((page.logGroups?.length ?? 0) <= 2)
      paged.push(...(page.logGroups ?? []).map((g) => g.logGroupName))
      nextToken = page.nextToken
    } while (nextToken)
    assert.deepEqual(paged, ['p/1', 'p/2', 'p/3', 'p/4', 'p/5'])
    await assert.rejects(logs.send(new DescribeLogGroupsCommand({ limit: 51 })), InvalidParameterException)
    await assert.rejects(logs.send(new DescribeLogGroupsCommand({ nextToken: 'forged' })), InvalidParameterException)
    await assert.rejects(
      logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'p', logGroupNamePattern: 'p' })),
      InvalidParameterException,
    )
  })

  it('keeps every group STANDARD: refuses another class or deletion protection by name, and filters by class', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'class/standard', logGroupClass: 'STANDARD', deletionProtectionEnabled: false }))
    const refusals: [CreateLogGroupCommand, RegExp][] = [
      [new CreateLogGroupCommand({ logGroupName: 'class/ia', logGroupClass: 'INFREQUENT_ACCESS' }), /^Berth does not support logGroupClass=INFREQUENT_ACCESS: /],
      [new CreateLogGroupCommand({ logGroupName: 'class/kept', deletionProtectionEnabled: true }), /^Berth does not support deletionProtectionEnabled=true: /],
    ]
    for (const [command, message] of refusals) {
      await assert.rejects(logs.send(command), (e: Error) => e instanceof InvalidParameterException && message.test(e.message))
    }
    assert.deepEqual(await names('class/'), ['class/standard'])
    const byClass = async (logGroupClass: 'STANDARD' | 'DELIVERY') =>
      ((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'class/', logGroupClass }))).logGroups ?? []).map((g) => g.logGroupName)
    assert.deepEqual(await byClass('STANDARD'), ['class/standard'])
    assert.deepEqual(await byClass('DELIVERY'), [])
  })

  it('deletes a group with its streams and events; an unknown group is not found', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'doomed' }))
    await logs.send(new CreateLogStreamCommand({ logGroupName: 'doomed', logStreamName: 's' }))
    await logs.send(new PutLogEventsCommand({ logGroupName: 'doomed', logStreamName: 's', logEvents: [{ timestamp: clock.now(), message: 'hi' }] }))
    await logs.send(new DeleteLogGroupCommand({ logGroupName: 'doomed' }))
    assert.deepEqual(await names('doomed'), [])
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'doomed' }))
    const events = await logs.send(new FilterLogEventsCommand({ logGroupName: 'doomed' }))
    assert.deepEqual(events.events, [])
    await assert.rejects(logs.send(new GetLogEventsCommand({ logGroupName: 'doomed', logStreamName: 's' })), ResourceNotFoundException)
    await assert.rejects(logs.send(new DeleteLogGroupCommand({ logGroupName: 'never' })), {
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    })
  })

  it('sets and removes retention, refuses values Logs does not offer, and hides expired events', async () => {
    const g = 'retained'
    await logs.send(new CreateLogGroupCommand({ logGroupName: g }))
    await logs.send(new CreateLogStreamCommand({ logGroupName: g, logStreamName: 's' }))
    const now = clock.now()
    // One batch may span 24 hours at most: one call per event.
    for (const [timestamp, message] of [[now - 3 * DAY_MS, 'three days old'], [now - 2 * DAY_MS, 'two days old'], [now, 'fresh']] as const) {
      await logs.send(new PutLogEventsCommand({ logGroupName: g, logStreamName: 's', logEvents: [{ timestamp, message }] }))
    }
    const storedBefore = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: g }))).logGroups?.[0]?.storedBytes
    assert.equal(storedBefore, 'three days old'.length + 'two days old'.length + 'fresh'.length)
    await assert.rejects(logs.send(new PutRetentionPolicyCommand({ logGroupName: g, retentionInDays: 2 })), (e: Error) => {
      assert.ok(e instanceof InvalidParameterException)
      assert.match(e.message, /Member must satisfy enum value set: \[1, 3, 5, 7, 14/)
      return true
    })
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: g, retentionInDays: 3 }))
    const described = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: g }))).logGroups?.[0]
    assert.equal(described?.retentionInDays, 3)
    // Exactly 3 days old is still inside a 3-day retention; move the clock so it falls out.
    clock.advance(1)
    const visible = async () =>
      ((await logs.send(new GetLogEventsCommand({ logGroupName: g, logStreamName: 's' }))).events ?? []).map((e) => e.message)
    assert.deepEqual(await visible(), ['two days old', 'fresh'])
    const filtered = await logs.send(new FilterLogEventsCommand({ logGroupName: g }))
    assert.deepEqual(filtered.events?.map((e) => e.message), ['two days old', 'fresh'])
    await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: g }))
    assert.equal((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: g }))).logGroups?.[0]?.retentionInDays, undefined)
    await assert.rejects(logs.send(new PutRetentionPolicyCommand({ logGroupName: 'never', retentionInDays: 7 })), ResourceNotFoundException)
    await assert.rejects(logs.send(new DeleteRetentionPolicyCommand({ logGroupName: 'never' })), ResourceNotFoundException)
  })

  it('tags by ARN (with or without :*) and by name, and forgets tags when the group is deleted', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'tagged', tags: { team: 'a' } }))
    await logs.send(new TagResourceCommand({ resourceArn: `${ARN}tagged:*`, tags: { env: 'dev', team: 'b' } }))
    await logs.send(new TagLogGroupCommand({ logGroupName: 'tagged', tags: { tier: 'web' } }))
    const listed = await logs.send(new ListTagsForResourceCommand({ resourceArn: `${ARN}tagged` }))
    assert.deepEqual(listed.tags, { team: 'b', env: 'dev', tier: 'web' })
    await logs.send(new UntagResourceCommand({ resourceArn: `${ARN}tagged`, tagKeys: ['env', 'absent'] }))
    await logs.send(new UntagLogGroupCommand({ logGroupName: 'tagged', tags: ['tier'] }))
    assert.deepEqual((await logs.send(new ListTagsLogGroupCommand({ logGroupName: 'tagged' }))).tags, { team: 'b' })

    await assert.rejects(logs.send(new TagResourceCommand({ resourceArn: `${ARN}tagged`, tags: { 'aws:x': '1' } })), InvalidParameterException)
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']))
    await assert.rejects(logs.send(new TagResourceCommand({ resourceArn: `${ARN}tagged`, tags: many })), TooManyTagsException)
    assert.deepEqual((await logs.send(new ListTagsLogGroupCommand({ logGroupName: 'tagged' }))).tags, { team: 'b' }, 'nothing changed')
    await assert.rejects(logs.send(new ListTagsForResourceCommand({ resourceArn: `${ARN}nope` })), ResourceNotFoundException)
    await assert.rejects(
      logs.send(new ListTagsForResourceCommand({ resourceArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/x' })),
      InvalidParameterException,
    )

    await logs.send(new DeleteLogGroupCommand({ logGroupName: 'tagged' }))
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'tagged' }))
    assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: `${ARN}tagged` }))).tags, {})
  })
})
