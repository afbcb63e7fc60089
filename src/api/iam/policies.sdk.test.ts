import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { CreateClusterCommand, DeleteClusterCommand, DescribeClustersCommand, ListClustersCommand, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DEFAULT_PARTITION } from '../../core/config.js'
import { ecsArn, KEYS, startPolicyServer, userArn } from '../../testing/policies.js'

type Server = Awaited<ReturnType<typeof startPolicyServer>>

/** An SDK error as a test compares it: the class the SDK made, its HTTP status and message. */
async function refusal(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await promise
  } catch (e) {
    const error = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } }
    return { name: error.name, status: error.$metadata?.httpStatusCode, message: error.message }
  }
  throw new Error('the request was allowed')
}

const implicit = (user: string, action: string, resource: string) =>
  `User: ${userArn(user)} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`
const explicit = (user: string, action: string, resource: string) =>
  `User: ${userArn(user)} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in an identity-based policy`

describe('IAM-style policies through the JS SDK (ECS)', () => {
  let t: Server
  before(async () => {
    t = await startPolicyServer()
  })
  after(() => t.close())

  it('the deployer runs task definition web in cluster web', async () => {
    const res = await t.client('deployer').send(new RunTaskCommand({ cluster: 'web', taskDefinition: 'web' }))
    assert.equal(res.tasks?.length, 1)
    assert.deepEqual(res.failures, [])
  })

  it('the deployer may not run it in cluster prod: AccessDeniedException (400) naming the revision, and nothing changes', async () => {
    const before = t.dump()
    const res = await refusal(t.client('deployer').send(new RunTaskCommand({ cluster: 'prod', taskDefinition: 'web' })))
    assert.deepEqual(res, { name: 'AccessDeniedException', status: 400, message: implicit('deployer', 'ecs:RunTask', ecsArn('task-definition/web:1')) })
    assert.equal(t.dump(), before)
  })

  it('the deployer may not stop a task, even in cluster web', async () => {
    const before = t.dump()
    const res = await refusal(t.client('deployer').send(new StopTaskCommand({ cluster: 'web', task: '0123456789abcdef0123456789abcdef' })))
    assert.equal(res.message, implicit('deployer', 'ecs:StopTask', ecsArn('task/web/0123456789abcdef0123456789abcdef')))
    assert.equal(t.dump(), before)
  })

  it('the reader lists and describes, and may not create or delete', async () => {
    const reader = t.client('reader')
    assert.ok((await reader.send(new ListClustersCommand({}))).clusterArns?.includes(ecsArn('cluster/web')))
    assert.equal((await reader.send(new DescribeClustersCommand({ clusters: ['web'] }))).clusters?.[0]?.clusterName, 'web')
    const before = t.dump()
    assert.equal((await refusal(reader.send(new CreateClusterCommand({ clusterName: 'mine' })))).message, implicit('reader', 'ecs:CreateCluster', ecsArn('cluster/mine')))
    assert.equal((await refusal(reader.send(new DeleteClusterCommand({ cluster: 'web' })))).message, implicit('reader', 'ecs:DeleteCluster', ecsArn('cluster/web')))
    assert.equal(t.dump(), before)
  })

  it('an explicit Deny on the resource’s tags wins over the reader’s Allow', async () => {
    const res = await refusal(t.client('reader').send(new DescribeClustersCommand({ clusters: ['web', 'vault'] })))
    assert.deepEqual(res, { name: 'AccessDeniedException', status: 400, message: explicit('reader', 'ecs:DescribeClusters', ecsArn('cluster/vault')) })
  })

  it('a key with no policy may do everything', async () => {
    const res = await t.client('admin').send(new DescribeClustersCommand({ clusters: ['vault'] }))
    assert.equal(res.clusters?.[0]?.clusterName, 'vault')
  })
})

describe('IAM-style policies through the JS SDK (CloudWatch Logs)', () => {
  let t: Server
  let logs: (key: keyof typeof KEYS) => CloudWatchLogsClient
  const made: CloudWatchLogsClient[] = []
  before(async () => {
    t = await startPolicyServer()
    logs = (key) => {
      const c = new CloudWatchLogsClient({ endpoint: t.endpoint, region: DEFAULT_PARTITION.region, credentials: KEYS[key], maxAttempts: 1 })
      made.push(c)
      return c
    }
    await logs('admin').send(new CreateLogGroupCommand({ logGroupName: '/ecs/web' }))
  })
  after(async () => {
    for (const c of made) c.destroy()
    await t.close()
  })

  it('the reader describes log groups, and may not create one: the group as Logs names it', async () => {
    assert.equal((await logs('reader').send(new DescribeLogGroupsCommand({}))).logGroups?.[0]?.logGroupName, '/ecs/web')
    const before = t.dump()
    const res = await refusal(logs('reader').send(new CreateLogGroupCommand({ logGroupName: '/ecs/mine' })))
    const group = `arn:aws:logs:${DEFAULT_PARTITION.region}:${DEFAULT_PARTITION.accountId}:log-group:/ecs/mine:log-stream:`
    assert.deepEqual(res, { name: 'AccessDeniedException', status: 400, message: implicit('reader', 'logs:CreateLogGroup', group) })
    assert.equal(t.dump(), before)
  })

  it('the deployer has no Logs action at all', async () => {
    const res = await refusal(logs('deployer').send(new DescribeLogGroupsCommand({})))
    assert.equal(res.message, implicit('deployer', 'logs:DescribeLogGroups', '*'))
  })
})
