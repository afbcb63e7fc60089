import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AuthConfig } from '../api/protocols/authenticate.js'
import { parsePolicy, userArn, type Identity } from '../core/iam/index.js'
import { checkMetricsAccess, type MetricsAccess } from './metrics-access.js'

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
const identity = (id: string, statements: object[]): Identity => ({
  accessKeyId: id,
  userName: id,
  arn: userArn('000000000000', id),
  tags: {},
  policies: [parsePolicy({ Version: '2012-10-17', Statement: statements }, id)],
})
const verify: AuthConfig = {
  mode: 'verify',
  keys: new Map([
    ['ADMIN', 'admin-secret'],
    ['READER', 'reader-secret'],
    ['DEPLOYER', 'deployer-secret'],
  ]),
  identities: new Map([
    ['READER', identity('READER', [{ Effect: 'Allow', Action: 'cloudwatch:Get*', Resource: '*' }])],
    ['DEPLOYER', identity('DEPLOYER', [{ Effect: 'Allow', Action: 'ecs:*', Resource: '*' }])],
  ]),
}

describe('who may read GET /metrics', () => {
  const rows: { why: string; auth: AuthConfig; header?: string; want: MetricsAccess }[] = [
    { why: 'an open server: anyone, as its API', auth: { mode: 'open' }, want: 'allowed' },
    { why: 'keys, no credentials', auth: verify, want: 'unauthorized' },
    { why: 'a key with no policies', auth: verify, header: basic('ADMIN', 'admin-secret'), want: 'allowed' },
    { why: 'a wrong secret', auth: verify, header: basic('ADMIN', 'nope'), want: 'unauthorized' },
    { why: 'an unknown key', auth: verify, header: basic('WHO', 'admin-secret'), want: 'unauthorized' },
    { why: 'a SigV4 header is not Basic', auth: verify, header: 'AWS4-HMAC-SHA256 Credential=ADMIN/...', want: 'unauthorized' },
    { why: 'Basic without a colon', auth: verify, header: `Basic ${Buffer.from('ADMIN').toString('base64')}`, want: 'unauthorized' },
    { why: 'policies allowing cloudwatch:GetMetricData', auth: verify, header: basic('READER', 'reader-secret'), want: 'allowed' },
    { why: 'policies that do not allow it', auth: verify, header: basic('DEPLOYER', 'deployer-secret'), want: 'forbidden' },
  ]
  for (const { why, auth, header, want } of rows) it(why, () => assert.equal(checkMetricsAccess(auth, header), want))
})
