import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_PARTITION } from '../../core/config.js'
import { LogsArns } from '../../core/model/log.js'
import { LOGS_AUTHORIZATION } from './authorization.js'
import { implementedLogsOperations } from './index.js'

const arns = new LogsArns(DEFAULT_PARTITION)
const G = 'arn:aws:logs:us-east-1:000000000000:log-group:/ecs/web'

// AWS's Service Authorization Reference for CloudWatch Logs, with the ARNs Logs names in its
// AccessDenied answers (`log-group:<name>:log-stream:` for group actions by name).
const ROWS: Array<{ op: string; input: unknown; want: unknown[]; why: string }> = [
  { op: 'DescribeLogGroups', input: {}, want: [{ action: 'logs:DescribeLogGroups', resource: '*' }], why: 'no resource type: *' },
  { op: 'CreateLogGroup', input: { logGroupName: '/ecs/web' }, want: [{ action: 'logs:CreateLogGroup', resource: `${G}:log-stream:`, tagsOf: G, context: {} }], why: 'the group, as Logs names it' },
  {
    op: 'CreateLogGroup',
    input: { logGroupName: '/ecs/web', tags: { team: 'a' } },
    want: [
      { action: 'logs:CreateLogGroup', resource: `${G}:log-stream:`, tagsOf: G, context: { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'a' } },
      { action: 'logs:TagResource', resource: G, context: { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'a' } },
    ],
    why: 'with tags, also logs:TagResource',
  },
  { op: 'DeleteLogGroup', input: { logGroupName: '/ecs/web' }, want: [{ action: 'logs:DeleteLogGroup', resource: `${G}:log-stream:`, tagsOf: G, context: {} }], why: 'the group' },
  { op: 'PutRetentionPolicy', input: { logGroupName: '/ecs/web', retentionInDays: 1 }, want: [{ action: 'logs:PutRetentionPolicy', resource: `${G}:log-stream:`, tagsOf: G, context: {} }], why: 'the group' },
  { op: 'DescribeLogStreams', input: { logGroupIdentifier: `${G}:*` }, want: [{ action: 'logs:DescribeLogStreams', resource: `${G}:log-stream:`, tagsOf: G, context: {} }], why: 'a group named by ARN' },
  { op: 'FilterLogEvents', input: { logGroupName: '/ecs/web' }, want: [{ action: 'logs:FilterLogEvents', resource: `${G}:log-stream:`, tagsOf: G, context: {} }], why: 'the group' },
  { op: 'CreateLogStream', input: { logGroupName: '/ecs/web', logStreamName: 'ecs/app/1' }, want: [{ action: 'logs:CreateLogStream', resource: `${G}:log-stream:ecs/app/1`, tagsOf: G }], why: 'the stream; its group’s tags' },
  { op: 'PutLogEvents', input: { logGroupName: '/ecs/web', logStreamName: 's', logEvents: [] }, want: [{ action: 'logs:PutLogEvents', resource: `${G}:log-stream:s`, tagsOf: G }], why: 'the stream' },
  { op: 'GetLogEvents', input: { logGroupIdentifier: '/ecs/web', logStreamName: 's' }, want: [{ action: 'logs:GetLogEvents', resource: `${G}:log-stream:s`, tagsOf: G }], why: 'the stream, group by identifier' },
  { op: 'TagResource', input: { resourceArn: G, tags: { env: 'dev' } }, want: [{ action: 'logs:TagResource', resource: G, tagsOf: G, context: { 'aws:TagKeys': ['env'], 'aws:RequestTag/env': 'dev' } }], why: 'the ARN given' },
  { op: 'ListTagsForResource', input: { resourceArn: `${G}:*` }, want: [{ action: 'logs:ListTagsForResource', resource: `${G}:*`, tagsOf: G, context: {} }], why: 'the ARN given; tags under the bare ARN' },
  { op: 'UntagLogGroup', input: { logGroupName: '/ecs/web', tags: ['env'] }, want: [{ action: 'logs:UntagLogGroup', resource: `${G}:log-stream:`, tagsOf: G, context: { 'aws:TagKeys': ['env'] } }], why: 'the keys removed' },
]

describe('Logs authorization table', () => {
  for (const row of ROWS) {
    it(`${row.op}: ${row.why}`, () => {
      const entry = LOGS_AUTHORIZATION[row.op]
      assert.ok(entry, `no entry for ${row.op}`)
      assert.deepEqual(entry(row.input, arns), row.want)
    })
  }

  it('has an entry for every Logs operation Berth implements (a new one must decide)', () => {
    assert.deepEqual(implementedLogsOperations().filter((op) => !Object.hasOwn(LOGS_AUTHORIZATION, op)), [])
  })
})
