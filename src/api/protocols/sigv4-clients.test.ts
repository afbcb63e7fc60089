import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DEFAULT_PARTITION } from '../../core/config.js'
import { awsCli, awsCliMissing, startTestServer, type TestServer } from '../../testing/server.js'

// Real signers against a real socket: the JS SDK signs with x-amz-content-sha256 and its
// amz-sdk-* headers, the aws CLI with only content-type;host;x-amz-date;x-amz-target.
const GOOD = { accessKeyId: 'AKIDBERTHTEST', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }
const WRONG_SECRET = { ...GOOD, secretAccessKey: 'not-the-secret' }
const UNKNOWN_KEY = { accessKeyId: 'AKIDNOBODY', secretAccessKey: GOOD.secretAccessKey }

const ecsClient = (endpoint: string, credentials: typeof GOOD, extra: { systemClockOffset?: number; region?: string } = {}) =>
  new ECSClient({ endpoint, region: DEFAULT_PARTITION.region, credentials, maxAttempts: 1, ...extra })

describe('SigV4 verify mode with real clients', () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer({ auth: { mode: 'verify', keys: new Map([[GOOD.accessKeyId, GOOD.secretAccessKey]]) } })
  })
  after(() => t.close())

  async function send(credentials: typeof GOOD, extra: { systemClockOffset?: number; region?: string } = {}) {
    const client = ecsClient(t.endpoint, credentials, extra)
    try {
      return await client.send(new ListClustersCommand({}))
    } finally {
      client.destroy()
    }
  }

  it('JS SDK: the right key pair passes in the server’s region; another region is refused, as AWS refuses it', async () => {
    const res = await send(GOOD)
    assert.deepEqual(res.clusterArns, [])
    await assert.rejects(send(GOOD, { region: 'eu-west-3' }), (e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) =>
      e.name === 'InvalidSignatureException' && e.$metadata.httpStatusCode === 403 && e.message.startsWith("Credential should be scoped to a valid region, not 'eu-west-3'."))
  })

  it('JS SDK: a wrong secret is InvalidSignatureException, an unknown key UnrecognizedClientException, both 403', async () => {
    const refusal = (name: string) => (e: { name: string; $metadata: { httpStatusCode?: number } }) =>
      e.name === name && e.$metadata.httpStatusCode === 403
    await assert.rejects(send(WRONG_SECRET), refusal('InvalidSignatureException'))
    await assert.rejects(send(UNKNOWN_KEY), refusal('UnrecognizedClientException'))
  })

  it('JS SDK: a client clock 20 minutes slow is refused as expired', async () => {
    await assert.rejects(send(GOOD, { systemClockOffset: -20 * 60_000 }), { name: 'InvalidSignatureException', message: /Signature expired/ })
  })

  it('an unsigned request is MissingAuthenticationTokenException', async () => {
    const res = await fetch(t.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    })
    assert.equal(res.status, 403)
    assert.deepEqual(await res.json(), { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' })
  })

  it('aws CLI: the right key pair passes; a wrong secret and an unknown key fail with their codes', { skip: awsCliMissing }, async () => {
    const ok = await awsCli(t.endpoint, ['ecs', 'list-clusters'], GOOD)
    assert.equal(ok.code, 0, ok.stderr)
    assert.deepEqual(ok.json, { clusterArns: [] })

    const wrong = await awsCli(t.endpoint, ['ecs', 'list-clusters'], WRONG_SECRET)
    assert.equal(wrong.code, 254)
    assert.match(wrong.stderr, /An error occurred \(InvalidSignatureException\) when calling the ListClusters operation/)

    const unknown = await awsCli(t.endpoint, ['ecs', 'list-clusters'], UNKNOWN_KEY)
    assert.equal(unknown.code, 254)
    assert.match(unknown.stderr, /\(UnrecognizedClientException\)/)
  })

  it('aws CLI: a query request (ELBv2 form body) is verified too, and refused in XML', { skip: awsCliMissing }, async () => {
    // ELBv2 is served: a good signature is answered, a bad one refused before the service runs.
    const ok = await awsCli(t.endpoint, ['elbv2', 'describe-target-groups'], GOOD)
    assert.equal(ok.code, 0, ok.stderr)
    assert.deepEqual(ok.json, { TargetGroups: [] })
    const wrong = await awsCli(t.endpoint, ['elbv2', 'describe-target-groups'], WRONG_SECRET)
    assert.match(wrong.stderr, /An error occurred \(SignatureDoesNotMatch\) when calling the DescribeTargetGroups operation/)
  })
})

describe('SigV4 open mode with real clients', () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
  })
  after(() => t.close())

  it('JS SDK and aws CLI pass with any credentials', { skip: awsCliMissing }, async () => {
    const client = ecsClient(t.endpoint, UNKNOWN_KEY, { systemClockOffset: -24 * 3600_000 })
    try {
      assert.deepEqual((await client.send(new ListClustersCommand({}))).clusterArns, [])
    } finally {
      client.destroy()
    }
    const res = await awsCli(t.endpoint, ['ecs', 'list-clusters', '--region', DEFAULT_PARTITION.region], WRONG_SECRET)
    assert.equal(res.code, 0, res.stderr)
  })

  it('passes unsigned requests, but refuses a malformed Authorization header', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(t.endpoint, {
        method: 'POST',
        headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters', 'content-type': 'application/x-amz-json-1.1', ...headers },
        body: '{}',
      })
    assert.equal((await post({})).status, 200)
    const bad = await post({ authorization: 'AWS4-HMAC-SHA256 Credential=x' })
    assert.equal(bad.status, 403)
    assert.equal(((await bad.json()) as { __type: string }).__type, 'IncompleteSignatureException')
  })
})
