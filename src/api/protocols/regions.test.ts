import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { CreateClusterCommand, ECSClient, ListClustersCommand, type ECSServiceException } from '@aws-sdk/client-ecs'
import { startApiServer, type ApiServer } from '../../testing/api-server.js'
import { TEST_CREDENTIALS } from '../../testing/server.js'

/**
 * Issue 9, item 6: a request signed for another region than the server's. Berth serves one
 * region per server (api/README.md, "Regions"): the region it was started for, whose ARNs it
 * issues; a request for another is refused naming the region served, and never answered with
 * this region's ARNs. Two regions, through the JS SDK: a server for eu-west-1 answers an
 * eu-west-1 client with eu-west-1 ARNs and refuses a us-east-1 one, changing nothing.
 */
describe('regions: one per server, another refused by name', () => {
  let api: ApiServer
  const client = (region: string) => new ECSClient({ endpoint: api.endpoint, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 })
  before(async () => {
    api = await startApiServer({ partition: { region: 'eu-west-1', accountId: '123456789012' } })
  })
  after(() => api.close())

  it('answers a client of its own region with ARNs of that region', async () => {
    const eu = client('eu-west-1')
    const { cluster } = await eu.send(new CreateClusterCommand({ clusterName: 'ts-eu' }))
    assert.equal(cluster?.clusterArn, 'arn:aws:ecs:eu-west-1:123456789012:cluster/ts-eu')
    eu.destroy()
  })

  it('refuses a client of another region, naming the region it serves, and writes nothing', async () => {
    const before = api.dump()
    const us = client('us-east-1')
    await assert.rejects(us.send(new CreateClusterCommand({ clusterName: 'ts-us' })), (e: ECSServiceException) =>
      e.name === 'InvalidSignatureException' &&
      e.$metadata.httpStatusCode === 403 &&
      e.message.startsWith("Credential should be scoped to a valid region, not 'us-east-1'. This Berth serves eu-west-1"))
    await assert.rejects(us.send(new ListClustersCommand({})), (e: ECSServiceException) => e.name === 'InvalidSignatureException')
    us.destroy()
    assert.equal(api.dump(), before)
  })
})
