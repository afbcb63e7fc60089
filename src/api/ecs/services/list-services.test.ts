import {
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestServer, type TestServer } from '../../../testing/server.js'
import { setUpServiceCluster } from '../../../testing/services.js'

/** ListServices, cluster counts and tags, on clusters with no container instance (no task ever runs). */
describe('ListServices, cluster counts and service tags', () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
    await setUpServiceCluster(t.ecs, 'many')
    for (let i = 0; i < 11; i++) {
      await t.ecs.send(new CreateServiceCommand({ cluster: 'many', serviceName: `r${String(i).padStart(2, '0')}`, taskDefinition: 'web', desiredCount: 0 }))
    }
    await t.ecs.send(new CreateServiceCommand({ cluster: 'many', serviceName: 'daemon', taskDefinition: 'web', schedulingStrategy: 'DAEMON' }))
    await t.ecs.send(new CreateServiceCommand({ cluster: 'many', serviceName: 'gone', taskDefinition: 'web', desiredCount: 0 }))
    await t.ecs.send(new DeleteServiceCommand({ cluster: 'many', service: 'gone' }))
  })
  after(() => t.close())

  const arn = (name: string) => `arn:aws:ecs:us-east-1:000000000000:service/many/${name}`
  const list = (input: ConstructorParameters<typeof ListServicesCommand>[0] = {}) => t.ecs.send(new ListServicesCommand({ cluster: 'many', ...input }))

  it('pages ACTIVE services 10 at a time by default, in ARN order', async () => {
    const first = await list()
    assert.equal(first.serviceArns?.length, 10)
    assert.ok(first.nextToken)
    const rest = await list({ nextToken: first.nextToken })
    const all = [...first.serviceArns!, ...rest.serviceArns!]
    assert.deepEqual(all, [arn('daemon'), ...Array.from({ length: 11 }, (_, i) => arn(`r${String(i).padStart(2, '0')}`))])
    assert.equal(rest.nextToken, undefined)
    assert.ok(!all.includes(arn('gone')), 'an INACTIVE service is not listed')
  })

  it('filters by scheduling strategy, launch type and resource management type', async () => {
    assert.deepEqual((await list({ schedulingStrategy: 'DAEMON' })).serviceArns, [arn('daemon')])
    assert.equal((await list({ schedulingStrategy: 'REPLICA', maxResults: 100 })).serviceArns?.length, 11)
    assert.deepEqual((await list({ launchType: 'FARGATE' })).serviceArns, [])
    assert.equal((await list({ launchType: 'EC2', maxResults: 100 })).serviceArns?.length, 12)
    assert.deepEqual((await list({ resourceManagementType: 'ECS' })).serviceArns, [])
    assert.equal((await list({ resourceManagementType: 'CUSTOMER', maxResults: 100 })).serviceArns?.length, 12)
    const page = await list({ schedulingStrategy: 'REPLICA', maxResults: 5 })
    assert.equal(page.serviceArns?.length, 5)
    const next = await list({ schedulingStrategy: 'REPLICA', maxResults: 5, nextToken: page.nextToken })
    assert.deepEqual(next.serviceArns?.[0], arn('r05'))
  })

  it('refuses a bad page size, a forged token and an unknown cluster', async () => {
    await assert.rejects(list({ maxResults: 101 }), { name: 'InvalidParameterException' })
    await assert.rejects(list({ nextToken: 'garbage' }), { name: 'InvalidParameterException' })
    await assert.rejects(t.ecs.send(new ListServicesCommand({ cluster: 'nope' })), { name: 'ClusterNotFoundException' })
  })

  it('counts ACTIVE services in DescribeClusters, and holds the cluster until they are deleted', async () => {
    await setUpServiceCluster(t.ecs, 'small', [])
    await t.ecs.send(new CreateServiceCommand({ cluster: 'small', serviceName: 'one', taskDefinition: 'web', desiredCount: 0 }))
    const described = await t.ecs.send(new DescribeClustersCommand({ clusters: ['small'], include: ['STATISTICS'] }))
    assert.equal(described.clusters?.[0]?.activeServicesCount, 1)
    assert.ok(described.clusters?.[0]?.statistics?.some((s) => s.name === 'activeEC2ServiceCount' && s.value === '1'))
    await assert.rejects(t.ecs.send(new DeleteClusterCommand({ cluster: 'small' })), { name: 'ClusterContainsServicesException' })
    await t.ecs.send(new DeleteServiceCommand({ cluster: 'small', service: 'one' }))
    assert.equal((await t.ecs.send(new DeleteClusterCommand({ cluster: 'small' }))).cluster?.status, 'INACTIVE')
  })

  it('tags a service by its ARN and shows the tags with include TAGS only', async () => {
    const resourceArn = arn('r00')
    await t.ecs.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] }))
    await t.ecs.send(new UntagResourceCommand({ resourceArn, tagKeys: ['b'] }))
    assert.deepEqual((await t.ecs.send(new ListTagsForResourceCommand({ resourceArn }))).tags, [{ key: 'a', value: '1' }])
    const plain = await t.ecs.send(new DescribeServicesCommand({ cluster: 'many', services: ['r00'] }))
    assert.equal(plain.services?.[0]?.tags, undefined)
    const tagged = await t.ecs.send(new DescribeServicesCommand({ cluster: 'many', services: ['r00'], include: ['TAGS'] }))
    assert.deepEqual(tagged.services?.[0]?.tags, [{ key: 'a', value: '1' }])
    for (const missing of [arn('gone'), arn('never')]) {
      await assert.rejects(t.ecs.send(new TagResourceCommand({ resourceArn: missing, tags: [{ key: 'a', value: '1' }] })), { name: 'ResourceNotFoundException' })
    }
  })
})
