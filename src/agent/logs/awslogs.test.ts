import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { resolveAwslogs, type LogTarget } from './awslogs.js'

const target = (options: Record<string, string> | undefined, logDriver = 'awslogs'): LogTarget => ({
  taskArn: 'arn:aws:ecs:us-east-1:000000000000:task/prod/0123456789abcdef0123456789abcdef',
  taskId: '0123456789abcdef0123456789abcdef',
  clusterName: 'prod',
  containerName: 'web',
  runtimeId: 'c0ffee'.padEnd(64, '0'),
  ...(options && { logConfiguration: { logDriver: logDriver as 'awslogs', options } }),
})

describe('resolveAwslogs', () => {
  const rows: { why: string; options: Record<string, string> | undefined; driver?: string; want: unknown }[] = [
    {
      why: 'ECS names the stream prefix/container/task id',
      options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'ecs' },
      want: { logGroupName: '/ecs/web', logStreamName: 'ecs/web/0123456789abcdef0123456789abcdef', createGroup: false },
    },
    {
      why: 'without a prefix the stream is the container id (Docker awslogs default)',
      options: { 'awslogs-group': '/ecs/web' },
      want: { logGroupName: '/ecs/web', logStreamName: 'c0ffee'.padEnd(64, '0'), createGroup: false },
    },
    {
      why: 'awslogs-create-group true asks the server to create the group',
      options: { 'awslogs-group': 'g', 'awslogs-stream-prefix': 'p', 'awslogs-create-group': 'true' },
      want: { logGroupName: 'g', logStreamName: 'p/web/0123456789abcdef0123456789abcdef', createGroup: true },
    },
    { why: 'Go ParseBool spellings count', options: { 'awslogs-group': 'g', 'awslogs-create-group': 'TRUE' }, want: true },
    { why: 'an explicit false', options: { 'awslogs-group': 'g', 'awslogs-create-group': 'false' }, want: false },
  ]
  for (const row of rows) {
    it(row.why, () => {
      const r = resolveAwslogs(target(row.options), 'us-east-1')
      assert.equal(r.kind, 'ship')
      if (r.kind !== 'ship') return
      if (typeof row.want === 'boolean') assert.equal(r.destination.createGroup, row.want)
      else assert.deepEqual(r.destination, row.want)
      assert.deepEqual(r.notes, [])
    })
  }

  it('ignores containers without the awslogs driver', () => {
    assert.deepEqual(resolveAwslogs(target(undefined), 'us-east-1'), { kind: 'not-awslogs' })
    assert.deepEqual(resolveAwslogs(target({ 'max-size': '10m' }, 'json-file'), 'us-east-1'), { kind: 'not-awslogs' })
  })

  it('refuses what the awslogs driver would refuse', () => {
    const why = (o: Record<string, string>) => {
      const r = resolveAwslogs(target(o), 'us-east-1')
      return r.kind === 'invalid' ? r.reason : r.kind
    }
    assert.match(why({}), /awslogs-group is required/)
    assert.match(why({ 'awslogs-group': 'has space' }), /not a valid log group name/)
    assert.match(why({ 'awslogs-group': 'g', 'awslogs-stream-prefix': 'a:b' }), /log stream name/)
    assert.match(why({ 'awslogs-group': 'g', 'awslogs-create-group': 'yes' }), /must be true or false/)
  })

  it('notes the options it does not honour', () => {
    const r = resolveAwslogs(
      target({ 'awslogs-group': 'g', 'awslogs-region': 'eu-west-1', 'awslogs-multiline-pattern': '^INFO', 'awslogs-datetime-format': '%Y', mode: 'non-blocking', 'env-regex': 'x' }),
      'us-east-1',
    )
    assert.equal(r.kind, 'ship')
    assert.deepEqual(r.kind === 'ship' && r.notes, [
      "awslogs-region eu-west-1: shipped to this server's region us-east-1",
      'awslogs-multiline-pattern is not supported: every line is its own event',
      'awslogs-datetime-format is not supported: every line is its own event',
      'log option env-regex is ignored',
    ])
    const same = resolveAwslogs(target({ 'awslogs-group': 'g', 'awslogs-region': 'us-east-1' }), 'us-east-1')
    assert.deepEqual(same.kind === 'ship' && same.notes, [])
  })
})
