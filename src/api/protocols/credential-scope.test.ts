import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createApp } from '../app.js'
import { ManualClock } from '../../core/clock.js'
import { DEFAULT_PARTITION } from '../../core/config.js'
import { silentLogger } from '../../core/log.js'
import { signRequest } from '../../core/sigv4.js'
import { SqliteStore } from '../../state/sqlite/sqlite-store.js'
import type { AuthConfig } from './authenticate.js'

// Finding 4 of the security issue: the SigV4 credential scope names the service and region the
// client meant. AWS refuses a request whose scope names another service, or another region than
// the endpoint's, with 403; Berth answered it as if it were for ECS in its own region.
const NOW = Date.UTC(2026, 10, 21, 12)
const KEY = { accessKeyId: 'AKIDSCOPE', secretAccessKey: 'scope-secret' }
const ECS_TARGET = 'AmazonEC2ContainerServiceV20141113.ListClusters'
const LOGS_TARGET = 'Logs_20140328.DescribeLogGroups'

function signed(target: string, region: string, service: string) {
  const body = Buffer.from('{}')
  const headers = signRequest(
    { method: 'POST', path: '/', headers: { host: '127.0.0.1:7700', 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' }, body },
    KEY,
    region,
    service,
    NOW,
  )
  return { method: 'POST', path: '/', headers, body }
}

async function send(auth: AuthConfig, target: string, region: string, service: string) {
  const app = createApp({ store: new SqliteStore({ path: ':memory:' }), clock: new ManualClock(NOW), partition: DEFAULT_PARTITION, logger: silentLogger, auth })
  const res = await app.handle(signed(target, region, service))
  return { status: res.status, body: JSON.parse(res.body) as { __type?: string; message?: string } }
}

const MODES: Array<{ mode: string; auth: AuthConfig }> = [
  { mode: 'verify', auth: { mode: 'verify', keys: new Map([[KEY.accessKeyId, KEY.secretAccessKey]]) } },
  // Open mode accepts any keys, but a signed request still says where it was meant to go.
  { mode: 'open', auth: { mode: 'open' } },
]

for (const { mode, auth } of MODES) {
  describe(`the credential scope in ${mode} mode`, () => {
    it('accepts a request scoped to the API it calls, in the server’s region', async () => {
      assert.equal((await send(auth, ECS_TARGET, 'us-east-1', 'ecs')).status, 200)
      assert.equal((await send(auth, LOGS_TARGET, 'us-east-1', 'logs')).status, 200)
    })

    for (const service of ['s3', 'logs']) {
      it(`refuses an ECS request scoped to '${service}' with 403, as AWS does`, async () => {
        const res = await send(auth, ECS_TARGET, 'us-east-1', service)
        assert.equal(res.status, 403)
        assert.deepEqual(res.body, { __type: 'InvalidSignatureException', message: "Credential should be scoped to correct service: 'ecs'. " })
      })
    }

    it('refuses a Logs request scoped to ecs', async () => {
      const res = await send(auth, LOGS_TARGET, 'us-east-1', 'ecs')
      assert.equal(res.status, 403)
      assert.equal(res.body.message, "Credential should be scoped to correct service: 'logs'. ")
    })

    it('refuses a request scoped to another region, naming the region Berth serves and how to serve another', async () => {
      const res = await send(auth, ECS_TARGET, 'eu-west-1', 'ecs')
      assert.equal(res.status, 403)
      assert.equal(res.body.__type, 'InvalidSignatureException')
      assert.match(res.body.message ?? '', /^Credential should be scoped to a valid region, not 'eu-west-1'\. /)
      assert.match(res.body.message ?? '', /serves us-east-1/)
      assert.match(res.body.message ?? '', /--region eu-west-1/)
    })
  })
}
