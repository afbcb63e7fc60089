import { DiscoverPollEndpointCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { awsCli, awsCliMissing, startTestServer, type TestServer } from '../../../testing/server.js'

describe('DiscoverPollEndpoint', () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
  })
  after(() => t.close())

  it('answers the server itself as the agent, telemetry and Service Connect endpoint (JS SDK)', async () => {
    const want = t.endpoint.endsWith('/') ? t.endpoint : `${t.endpoint}/`
    const res = await t.ecs.send(new DiscoverPollEndpointCommand({ cluster: 'default', containerInstance: 'abc' }))
    assert.equal(res.endpoint, want)
    assert.equal(res.telemetryEndpoint, want)
    assert.equal(res.serviceConnectEndpoint, want)
  })

  it('the aws CLI gets the same answer', { skip: awsCliMissing }, async () => {
    const res = await awsCli(t.endpoint, ['ecs', 'discover-poll-endpoint', '--cluster', 'default'])
    assert.equal(res.code, 0, res.stderr)
    const out = res.json as { endpoint: string; telemetryEndpoint: string }
    assert.equal(out.endpoint, t.endpoint.endsWith('/') ? t.endpoint : `${t.endpoint}/`)
    assert.equal(out.telemetryEndpoint, out.endpoint)
  })
})
