import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DeregisterContainerInstanceCommand,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  ListContainerInstancesCommand,
  UpdateContainerInstancesStateCommand,
  type ListContainerInstancesCommandInput,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { instanceIdOf, registerInstance } from '../../../testing/container-instances.js'
import { startTestServer, type TestServer } from '../../../testing/server.js'

describe('container instance lifecycle through the JS SDK', () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
  })
  after(() => t.close())

  const cluster = async (clusterName: string) => void (await t.ecs.send(new CreateClusterCommand({ clusterName })))
  const list = async (input: ListContainerInstancesCommandInput) =>
    (await t.ecs.send(new ListContainerInstancesCommand(input))).containerInstanceArns ?? []
  const describeOne = async (clusterName: string, arn: string) =>
    (await t.ecs.send(new DescribeContainerInstancesCommand({ cluster: clusterName, containerInstances: [arn] }))).containerInstances![0]!
  const setState = (clusterName: string, containerInstances: string[], status: 'ACTIVE' | 'DRAINING') =>
    t.ecs.send(new UpdateContainerInstancesStateCommand({ cluster: clusterName, containerInstances, status }))

  it('drains and reactivates, bumping version only on a change, and reports what it cannot change', async () => {
    await cluster('state')
    const arn = await registerInstance(t.ecs, { cluster: 'state' })
    const drained = await setState('state', [instanceIdOf(arn)], 'DRAINING')
    assert.deepEqual(drained.containerInstances?.map((c) => [c.status, c.version]), [['DRAINING', 2]])
    assert.deepEqual(drained.failures, [])
    const again = await setState('state', [arn], 'DRAINING')
    assert.equal(again.containerInstances?.[0]?.version, 2, 'no change, no new version')
    const ghost = 'ffffffffffffffffffffffffffffffff'
    const back = await setState('state', [arn, ghost], 'ACTIVE')
    assert.deepEqual(back.containerInstances?.map((c) => [c.status, c.version]), [['ACTIVE', 3]])
    assert.deepEqual(back.failures, [{ arn: t.arns.containerInstance('state', ghost), reason: 'MISSING' }])
    await t.ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'state', containerInstance: arn }))
    const inactive = await setState('state', [arn], 'ACTIVE')
    assert.deepEqual(inactive.containerInstances, [])
    assert.equal(inactive.failures?.[0]?.reason, 'INACTIVE')
    assert.equal((await describeOne('state', arn)).status, 'INACTIVE', 'the failed update changed nothing')
  })

  it('refuses statuses other than ACTIVE and DRAINING, and more than 10 instances', async () => {
    await cluster('state2')
    const arn = await registerInstance(t.ecs, { cluster: 'state2' })
    await assert.rejects(
      t.ecs.send(new UpdateContainerInstancesStateCommand({ cluster: 'state2', containerInstances: [arn], status: 'REGISTERING' })),
      { name: 'InvalidParameterException' },
    )
    await assert.rejects(setState('state2', Array.from({ length: 11 }, () => arn), 'DRAINING'), { name: 'InvalidParameterException' })
    await assert.rejects(setState('nope', [arn], 'DRAINING'), { name: 'ClusterNotFoundException' })
    assert.equal((await describeOne('state2', arn)).status, 'ACTIVE')
  })

  it('lists ACTIVE and DRAINING by default, one status when asked, never INACTIVE', async () => {
    await cluster('lst')
    const [a, b, c] = [await registerInstance(t.ecs, { cluster: 'lst' }), await registerInstance(t.ecs, { cluster: 'lst' }), await registerInstance(t.ecs, { cluster: 'lst' })]
    await setState('lst', [b], 'DRAINING')
    await t.ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'lst', containerInstance: c }))
    assert.deepEqual(await list({ cluster: 'lst' }), [a, b].sort())
    assert.deepEqual(await list({ cluster: 'lst', status: 'DRAINING' }), [b])
    assert.deepEqual(await list({ cluster: 'lst', status: 'ACTIVE' }), [a])
    assert.deepEqual(await list({ cluster: 'lst', status: 'REGISTERING' }), [])
    await assert.rejects(list({ cluster: 'nope' }), { name: 'ClusterNotFoundException' })
  })

  it('filters with the cluster query language and pages across the filter', async () => {
    await cluster('flt')
    const zones = ['us-east-1a', 'us-east-1b', 'us-east-1a', 'us-east-1b', 'us-east-1a']
    const arns: string[] = []
    for (const zone of zones) arns.push(await registerInstance(t.ecs, { cluster: 'flt', attributes: [{ name: 'ecs.availability-zone', value: zone }] }))
    const inA = arns.filter((_, i) => zones[i] === 'us-east-1a').sort()
    assert.deepEqual(await list({ cluster: 'flt', filter: 'attribute:ecs.availability-zone == us-east-1a' }), inA)
    assert.deepEqual(await list({ cluster: 'flt', filter: 'attribute:ecs.availability-zone in [us-east-1a, us-east-1b] and runningTasksCount == 0' }), [...arns].sort())
    assert.deepEqual(await list({ cluster: 'flt', filter: 'agentConnected == true' }), [])
    const paged: string[] = []
    let nextToken: string | undefined
    do {
      const page = await t.ecs.send(new ListContainerInstancesCommand({ cluster: 'flt', filter: 'attribute:ecs.availability-zone =~ .*a', maxResults: 2, nextToken }))
      assert.ok((page.containerInstanceArns?.length ?? 0) <= 2)
      paged.push(...(page.containerInstanceArns ?? []))
      nextToken = page.nextToken
    } while (nextToken)
    assert.deepEqual(paged, inA)
    await assert.rejects(list({ cluster: 'flt', filter: 'attribute:x == a b' }), { name: 'InvalidParameterException', message: /Invalid filter/ })
    await assert.rejects(list({ cluster: 'flt', filter: 'colour == red' }), { name: 'InvalidParameterException', message: /unknown subject 'colour'/ })
    await assert.rejects(list({ cluster: 'flt', nextToken: 'forged' }), { name: 'InvalidParameterException' })
  })

  it('deregisters to INACTIVE, still describable, no longer counted, and lets the cluster go', async () => {
    await cluster('dereg')
    const arn = await registerInstance(t.ecs, { cluster: 'dereg' })
    const count = async () => (await t.ecs.send(new DescribeClustersCommand({ clusters: ['dereg'] }))).clusters![0]!.registeredContainerInstancesCount
    assert.equal(await count(), 1)
    await setState('dereg', [arn], 'DRAINING')
    assert.equal(await count(), 1, 'a draining instance is still registered')
    await assert.rejects(t.ecs.send(new DeleteClusterCommand({ cluster: 'dereg' })), { name: 'ClusterContainsContainerInstancesException' })
    const { containerInstance: gone } = await t.ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'dereg', containerInstance: instanceIdOf(arn) }))
    assert.equal(gone?.status, 'INACTIVE')
    assert.equal(gone?.version, 3)
    assert.equal((await describeOne('dereg', arn)).status, 'INACTIVE')
    assert.deepEqual(await list({ cluster: 'dereg' }), [])
    assert.equal(await count(), 0)
    const twice = await t.ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'dereg', containerInstance: arn, force: true }))
    assert.equal(twice.containerInstance?.version, 3, 'deregistering again changes nothing')
    assert.equal((await t.ecs.send(new DeleteClusterCommand({ cluster: 'dereg' }))).cluster?.status, 'INACTIVE')
  })

  it('refuses to deregister what the cluster does not hold', async () => {
    await cluster('dereg2')
    const elsewhere = await registerInstance(t.ecs, { cluster: 'lst' })
    for (const ref of ['ffffffffffffffffffffffffffffffff', elsewhere, 'bad id']) {
      await assert.rejects(t.ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'dereg2', containerInstance: ref })), { name: 'InvalidParameterException' }, ref)
    }
    assert.equal((await describeOne('lst', elsewhere)).status, 'ACTIVE')
  })
})
