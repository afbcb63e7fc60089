import { CreateClusterCommand, DescribeClustersCommand, UpdateClusterCommand, UpdateClusterSettingsCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { awsCli, awsCliMissing, startTestServer, type TestServer } from '../../../testing/server.js'

describe('UpdateCluster and UpdateClusterSettings', () => {
  let t: TestServer
  const settingsOf = async (cluster: string) =>
    (await t.ecs.send(new DescribeClustersCommand({ clusters: [cluster], include: ['SETTINGS'] }))).clusters?.[0]?.settings
  before(async () => {
    t = await startTestServer()
  })
  after(() => t.close())

  for (const value of ['enabled', 'enhanced', 'disabled']) {
    it(`stores containerInsights ${value} and DescribeClusters echoes it (both operations, JS SDK)`, async () => {
      await t.ecs.send(new CreateClusterCommand({ clusterName: `ci-${value}` }))
      const a = await t.ecs.send(new UpdateClusterSettingsCommand({ cluster: `ci-${value}`, settings: [{ name: 'containerInsights', value }] }))
      assert.deepEqual(a.cluster?.settings, [{ name: 'containerInsights', value }])
      assert.deepEqual(await settingsOf(`ci-${value}`), [{ name: 'containerInsights', value }])
      await t.ecs.send(new CreateClusterCommand({ clusterName: `cu-${value}` }))
      const b = await t.ecs.send(new UpdateClusterCommand({ cluster: `cu-${value}`, settings: [{ name: 'containerInsights', value }] }))
      assert.deepEqual(b.cluster?.settings, [{ name: 'containerInsights', value }])
      assert.deepEqual(await settingsOf(`cu-${value}`), [{ name: 'containerInsights', value }])
    })
  }

  it('refuses a bad value, a missing cluster, and the members it does not act on, changing nothing', async () => {
    await t.ecs.send(new CreateClusterCommand({ clusterName: 'bad' }))
    await assert.rejects(
      t.ecs.send(new UpdateClusterSettingsCommand({ cluster: 'bad', settings: [{ name: 'containerInsights', value: 'sometimes' }] })),
      { name: 'InvalidParameterException', message: /containerInsights/ },
    )
    await assert.rejects(t.ecs.send(new UpdateClusterCommand({ cluster: 'nowhere', settings: [] })), { name: 'ClusterNotFoundException' })
    await assert.rejects(
      t.ecs.send(new UpdateClusterCommand({ cluster: 'bad', configuration: { executeCommandConfiguration: { logging: 'DEFAULT' } } })),
      { name: 'InvalidParameterException', message: /configuration/ },
    )
    await assert.rejects(
      t.ecs.send(new UpdateClusterCommand({ cluster: 'bad', serviceConnectDefaults: { namespace: 'ns' } })),
      { name: 'InvalidParameterException', message: /serviceConnectDefaults/ },
    )
    assert.deepEqual(await settingsOf('bad'), [{ name: 'containerInsights', value: 'disabled' }])
  })

  it('the aws CLI updates the settings and reads them back', { skip: awsCliMissing }, async () => {
    await t.ecs.send(new CreateClusterCommand({ clusterName: 'cli-ci' }))
    const res = await awsCli(t.endpoint, ['ecs', 'update-cluster-settings', '--cluster', 'cli-ci', '--settings', 'name=containerInsights,value=enabled'])
    assert.equal(res.code, 0, res.stderr)
    const upd = await awsCli(t.endpoint, ['ecs', 'update-cluster', '--cluster', 'cli-ci', '--settings', 'name=containerInsights,value=disabled'])
    assert.equal(upd.code, 0, upd.stderr)
    const desc = await awsCli(t.endpoint, ['ecs', 'describe-clusters', '--clusters', 'cli-ci', '--include', 'SETTINGS'])
    assert.deepEqual((desc.json as { clusters: { settings: unknown }[] }).clusters[0]?.settings, [{ name: 'containerInsights', value: 'disabled' }])
  })
})
