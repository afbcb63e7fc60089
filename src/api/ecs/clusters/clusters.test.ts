import {
  ClusterNotFoundException,
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
  ListClustersCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { awsCli, awsCliMissing, startTestServer, type TestServer } from '../../../testing/server.js'

describe('clusters through the JS SDK', () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
  })
  after(() => t.close())

  it('creates a cluster once and returns the same one when created again', async () => {
    const first = await t.ecs.send(new CreateClusterCommand({ clusterName: 'web', tags: [{ key: 'team', value: 'a' }] }))
    assert.equal(first.cluster?.clusterArn, 'arn:aws:ecs:us-east-1:000000000000:cluster/web')
    assert.equal(first.cluster?.status, 'ACTIVE')
    assert.deepEqual(first.cluster?.tags, [{ key: 'team', value: 'a' }])
    assert.deepEqual(first.cluster?.settings, [{ name: 'containerInsights', value: 'disabled' }])
    const again = await t.ecs.send(new CreateClusterCommand({ clusterName: 'web' }))
    assert.equal(again.cluster?.clusterArn, first.cluster?.clusterArn)
    const list = await t.ecs.send(new ListClustersCommand({}))
    assert.deepEqual(list.clusterArns?.filter((a) => a.endsWith('/web')), [first.cluster?.clusterArn])
  })

  it('creates the cluster named "default" when no name is given', async () => {
    const res = await t.ecs.send(new CreateClusterCommand({}))
    assert.equal(res.cluster?.clusterName, 'default')
  })

  it('describes by name and ARN, reports unknown ones as MISSING, and shows tags only when asked', async () => {
    await t.ecs.send(new CreateClusterCommand({ clusterName: 'd1', tags: [{ key: 'k', value: 'v' }] }))
    const res = await t.ecs.send(
      new DescribeClustersCommand({ clusters: ['d1', 'arn:aws:ecs:us-east-1:000000000000:cluster/d1', 'ghost'] }),
    )
    assert.equal(res.clusters?.length, 2)
    assert.deepEqual(res.failures, [{ arn: 'arn:aws:ecs:us-east-1:000000000000:cluster/ghost', reason: 'MISSING' }])
    const withTags = await t.ecs.send(new DescribeClustersCommand({ clusters: ['d1'], include: ['TAGS', 'STATISTICS'] }))
    assert.deepEqual(withTags.clusters?.[0]?.tags, [{ key: 'k', value: 'v' }])
    assert.ok(withTags.clusters?.[0]?.statistics?.some((s) => s.name === 'runningEC2TasksCount' && s.value === '0'))
  })

  // ECS's DescribeClusters: "If this field is omitted, this information isn't included" — each
  // of settings, configuration, statistics and tags appears only with its own `include` value.
  const includeTable: { include: ('SETTINGS' | 'CONFIGURATIONS' | 'STATISTICS' | 'TAGS' | 'ATTACHMENTS')[]; present: string[] }[] = [
    { include: [], present: [] },
    { include: ['TAGS'], present: ['tags'] },
    { include: ['SETTINGS'], present: ['settings'] },
    { include: ['CONFIGURATIONS'], present: ['configuration'] },
    { include: ['STATISTICS'], present: ['statistics'] },
    { include: ['ATTACHMENTS'], present: [] },
    { include: ['TAGS', 'SETTINGS', 'CONFIGURATIONS', 'STATISTICS'], present: ['tags', 'settings', 'configuration', 'statistics'] },
  ]
  for (const row of includeTable) {
    it(`DescribeClusters include=[${row.include.join(',')}] answers exactly ${row.present.join(', ') || 'none of the optional members'}`, async () => {
      await t.ecs.send(
        new CreateClusterCommand({
          clusterName: 'inc',
          tags: [{ key: 'k', value: 'v' }],
          configuration: { executeCommandConfiguration: { logging: 'DEFAULT' } },
        }),
      )
      const c = (await t.ecs.send(new DescribeClustersCommand({ clusters: ['inc'], include: row.include }))).clusters?.[0]
      const optional = ['tags', 'settings', 'configuration', 'statistics', 'attachments'] as const
      assert.deepEqual(optional.filter((m) => c?.[m] !== undefined), row.present)
      if (row.present.includes('tags')) assert.deepEqual(c?.tags, [{ key: 'k', value: 'v' }])
      if (row.present.includes('settings')) assert.deepEqual(c?.settings, [{ name: 'containerInsights', value: 'disabled' }])
      if (row.present.includes('configuration')) assert.deepEqual(c?.configuration, { executeCommandConfiguration: { logging: 'DEFAULT' } })
    })
  }

  it('the aws CLI sees a tagged cluster without tags unless it asks for TAGS', { skip: awsCliMissing }, async () => {
    await t.ecs.send(new CreateClusterCommand({ clusterName: 'cli-inc', tags: [{ key: 'k', value: 'v' }] }))
    type Out = { clusters: Record<string, unknown>[] }
    const plain = (await awsCli(t.endpoint, ['ecs', 'describe-clusters', '--clusters', 'cli-inc'])).json as Out
    assert.equal(plain.clusters[0]?.['tags'], undefined)
    const tagged = (await awsCli(t.endpoint, ['ecs', 'describe-clusters', '--clusters', 'cli-inc', '--include', 'TAGS'])).json as Out
    assert.deepEqual(tagged.clusters[0]?.['tags'], [{ key: 'k', value: 'v' }])
  })

  it('deletes a cluster to INACTIVE, still describable, no longer listed; unknown clusters are not found', async () => {
    await t.ecs.send(new CreateClusterCommand({ clusterName: 'gone' }))
    const del = await t.ecs.send(new DeleteClusterCommand({ cluster: 'gone' }))
    assert.equal(del.cluster?.status, 'INACTIVE')
    const desc = await t.ecs.send(new DescribeClustersCommand({ clusters: ['gone'] }))
    assert.equal(desc.clusters?.[0]?.status, 'INACTIVE')
    const list = await t.ecs.send(new ListClustersCommand({}))
    assert.ok(!list.clusterArns?.some((a) => a.endsWith('/gone')))
    await assert.rejects(t.ecs.send(new DeleteClusterCommand({ cluster: 'gone' })), ClusterNotFoundException)
    await assert.rejects(t.ecs.send(new DeleteClusterCommand({ cluster: 'never' })), ClusterNotFoundException)
  })

  it('pages ListClusters with maxResults and nextToken, and refuses a forged token', async () => {
    for (const n of ['p1', 'p2', 'p3', 'p4', 'p5']) await t.ecs.send(new CreateClusterCommand({ clusterName: n }))
    const all = (await t.ecs.send(new ListClustersCommand({}))).clusterArns ?? []
    const paged: string[] = []
    let token: string | undefined
    do {
      const page = await t.ecs.send(new ListClustersCommand({ maxResults: 2, nextToken: token }))
      assert.ok((page.clusterArns?.length ?? 0) <= 2)
      paged.push(...(page.clusterArns ?? []))
      token = page.nextToken
    } while (token)
    assert.deepEqual(paged, all)
    await assert.rejects(t.ecs.send(new ListClustersCommand({ nextToken: 'garbage' })), { name: 'InvalidParameterException' })
    await assert.rejects(t.ecs.send(new ListClustersCommand({ maxResults: 101 })), { name: 'InvalidParameterException' })
  })

  it('tags and untags a cluster', async () => {
    const { cluster } = await t.ecs.send(new CreateClusterCommand({ clusterName: 'tagged' }))
    const arn = cluster!.clusterArn!
    await t.ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] }))
    await t.ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'a', value: '3' }] }))
    await t.ecs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['b', 'not-there'] }))
    const { tags } = await t.ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))
    assert.deepEqual(tags, [{ key: 'a', value: '3' }])
    await assert.rejects(
      t.ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'aws:reserved', value: 'x' }] })),
      { name: 'InvalidParameterException' },
    )
    await assert.rejects(
      t.ecs.send(new ListTagsForResourceCommand({ resourceArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/none' })),
      { name: 'ResourceNotFoundException' },
    )
  })

  it('refuses bad cluster names and changes nothing', async () => {
    const before = (await t.ecs.send(new ListClustersCommand({}))).clusterArns
    await assert.rejects(t.ecs.send(new CreateClusterCommand({ clusterName: 'has space' })), { name: 'InvalidParameterException' })
    await assert.rejects(t.ecs.send(new CreateClusterCommand({ clusterName: 'x'.repeat(256) })), { name: 'InvalidParameterException' })
    assert.deepEqual((await t.ecs.send(new ListClustersCommand({}))).clusterArns, before)
  })
})

describe('clusters through the aws CLI v2', { skip: awsCliMissing }, () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
  })
  after(() => t.close())

  it('creates, lists, describes and deletes', async () => {
    const created = await awsCli(t.endpoint, ['ecs', 'create-cluster', '--cluster-name', 'cli'])
    assert.equal(created.code, 0, created.stderr)
    assert.deepEqual((created.json as { cluster: { clusterName: string } }).cluster.clusterName, 'cli')
    const listed = await awsCli(t.endpoint, ['ecs', 'list-clusters'])
    assert.deepEqual(listed.json, { clusterArns: ['arn:aws:ecs:us-east-1:000000000000:cluster/cli'] })
    const described = await awsCli(t.endpoint, ['ecs', 'describe-clusters', '--clusters', 'cli', 'nope'])
    const body = described.json as { clusters: { status: string }[]; failures: { reason: string }[] }
    assert.equal(body.clusters[0]?.status, 'ACTIVE')
    assert.equal(body.failures[0]?.reason, 'MISSING')
    const deleted = await awsCli(t.endpoint, ['ecs', 'delete-cluster', '--cluster', 'cli'])
    assert.equal((deleted.json as { cluster: { status: string } }).cluster.status, 'INACTIVE')
  })

  it('prints ECS errors and exits 254', async () => {
    const res = await awsCli(t.endpoint, ['ecs', 'delete-cluster', '--cluster', 'nope'])
    assert.equal(res.code, 254)
    assert.match(res.stderr, /An error occurred \(ClusterNotFoundException\) when calling the DeleteCluster operation: Cluster not found\./)
  })

  it('pages list-clusters automatically across nextToken', async () => {
    for (const n of ['c1', 'c2', 'c3']) await awsCli(t.endpoint, ['ecs', 'create-cluster', '--cluster-name', n])
    const res = await awsCli(t.endpoint, ['ecs', 'list-clusters', '--page-size', '1'])
    assert.equal((res.json as { clusterArns: string[] }).clusterArns.length, 3)
  })
})
