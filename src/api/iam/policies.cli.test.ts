import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ecsArn, KEYS, startPolicyServer, userArn } from '../../testing/policies.js'
import { awsCli, awsCliMissing } from '../../testing/server.js'

// Two keys of different policies through Debian's aws CLI v2: the deployer may run task
// definition `web` in cluster `web` only; the reader may only read, and nothing tagged
// env=secret. The CLI must see AWS's error codes and messages, and a denial must change nothing.
describe('IAM-style policies through the aws CLI', { skip: awsCliMissing }, () => {
  let t: Awaited<ReturnType<typeof startPolicyServer>>
  before(async () => {
    t = await startPolicyServer()
  })
  after(() => t.close())

  const cli = (key: keyof typeof KEYS, ...args: string[]) => awsCli(t.endpoint, args, KEYS[key])
  const denied = (operation: string, user: string, action: string, resource: string, why: 'implicit' | 'explicit' = 'implicit') =>
    `An error occurred (AccessDeniedException) when calling the ${operation} operation: User: ${userArn(user)} is not authorized to perform: ${action} on resource: ${resource} ` +
    (why === 'implicit' ? `because no identity-based policy allows the ${action} action` : 'with an explicit deny in an identity-based policy')

  it('deployer: run-task in cluster web succeeds', async () => {
    const res = await cli('deployer', 'ecs', 'run-task', '--cluster', 'web', '--task-definition', 'web')
    assert.equal(res.code, 0, res.stderr)
    assert.equal((res.json as { tasks: unknown[] }).tasks.length, 1)
  })

  it('deployer: run-task in cluster prod is AccessDeniedException, and changes nothing', async () => {
    const before = t.dump()
    const res = await cli('deployer', 'ecs', 'run-task', '--cluster', 'prod', '--task-definition', 'web:1')
    assert.equal(res.code, 254)
    assert.equal(res.stderr.trim(), denied('RunTask', 'deployer', 'ecs:RunTask', ecsArn('task-definition/web:1')))
    assert.equal(t.dump(), before)
  })

  it('deployer: deregister-task-definition is refused on *, as ECS authorizes it', async () => {
    const before = t.dump()
    const res = await cli('deployer', 'ecs', 'deregister-task-definition', '--task-definition', 'web:1')
    assert.equal(res.stderr.trim(), denied('DeregisterTaskDefinition', 'deployer', 'ecs:DeregisterTaskDefinition', '*'))
    assert.equal(t.dump(), before)
  })

  it('reader: lists and describes clusters and log groups', async () => {
    const clusters = await cli('reader', 'ecs', 'list-clusters')
    assert.equal(clusters.code, 0, clusters.stderr)
    assert.equal((clusters.json as { clusterArns: string[] }).clusterArns.length, 3)
    const described = await cli('reader', 'ecs', 'describe-clusters', '--clusters', 'web', 'prod')
    assert.equal(described.code, 0, described.stderr)
    const groups = await cli('reader', 'logs', 'describe-log-groups')
    assert.equal(groups.code, 0, groups.stderr)
  })

  it('reader: run-task, delete-cluster and create-log-group are refused, and change nothing', async () => {
    const before = t.dump()
    const run = await cli('reader', 'ecs', 'run-task', '--cluster', 'web', '--task-definition', 'web')
    assert.equal(run.stderr.trim(), denied('RunTask', 'reader', 'ecs:RunTask', ecsArn('task-definition/web:1')))
    const del = await cli('reader', 'ecs', 'delete-cluster', '--cluster', 'web')
    assert.equal(del.stderr.trim(), denied('DeleteCluster', 'reader', 'ecs:DeleteCluster', ecsArn('cluster/web')))
    const group = await cli('reader', 'logs', 'create-log-group', '--log-group-name', '/mine')
    assert.equal(group.stderr.trim(), denied('CreateLogGroup', 'reader', 'logs:CreateLogGroup', 'arn:aws:logs:us-east-1:000000000000:log-group:/mine:log-stream:'))
    assert.equal(t.dump(), before)
  })

  it('reader: a cluster tagged env=secret is denied explicitly', async () => {
    const res = await cli('reader', 'ecs', 'describe-clusters', '--clusters', 'vault')
    assert.equal(res.code, 254)
    assert.equal(res.stderr.trim(), denied('DescribeClusters', 'reader', 'ecs:DescribeClusters', ecsArn('cluster/vault'), 'explicit'))
  })

  it('a request signed for another region is refused before any policy is read', async () => {
    const res = await cli('deployer', 'ecs', 'list-clusters', '--region', 'eu-west-1')
    assert.equal(res.code, 254)
    assert.match(res.stderr, /\(InvalidSignatureException\) when calling the ListClusters operation: Credential should be scoped to a valid region, not 'eu-west-1'\. /)
  })
})
