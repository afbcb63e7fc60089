import { CreateClusterCommand, DescribeContainerInstancesCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { hashInstanceSecret } from '../../../core/agent-credentials.js'
import type { Logger } from '../../../core/log.js'
import { startApiServer, type ApiServer } from '../../../testing/api-server.js'
import { registerAsAgent, registerInstance } from '../../../testing/container-instances.js'

const TOKEN = 'the-join-token'

/**
 * RegisterContainerInstance with Berth's agent headers (agent-credentials.ts): the join token
 * earns an instance secret, answered once; only that secret re-registers the instance. Each
 * refusal is a ClientException that changed nothing, and is logged.
 */
describe('RegisterContainerInstance and the agent credentials', () => {
  let s: ApiServer
  const warnings: Record<string, unknown>[] = []
  const logger: Logger = { info: () => undefined, warn: (message, fields) => void warnings.push({ message, ...fields }), error: () => undefined }
  const hashOf = async (arn: string) => (await s.store.read((tx) => tx.containerInstances.get(arn)))?.agentSecretHash
  before(async () => {
    s = await startApiServer({ joinToken: TOKEN, logger })
    await s.ecs.send(new CreateClusterCommand({}))
  })
  after(() => s.close())

  it('issues a secret to a registration with the join token, and stores only its hash, in no view', async () => {
    const r = await registerAsAgent(s.endpoint, { joinToken: TOKEN })
    assert.equal(r.status, 200)
    assert.match(r.secret ?? '', /^[A-Za-z0-9_-]{43}$/, '256 random bits, base64url')
    assert.equal(await hashOf(r.arn!), hashInstanceSecret(r.secret!))
    assert.ok(!s.dump().includes(r.secret!), 'the secret itself is stored nowhere')
    const described = await s.ecs.send(new DescribeContainerInstancesCommand({ containerInstances: [r.arn!], include: ['TAGS', 'CONTAINER_INSTANCE_HEALTH'] }))
    const shown = JSON.stringify(described) + JSON.stringify(r.json)
    assert.ok(!shown.includes(hashInstanceSecret(r.secret!)) && !/secret/i.test(shown), 'neither the hash nor a secret field is in an API view')
  })

  it('re-registers the instance for its own secret, keeping it (no new one answered)', async () => {
    const first = await registerAsAgent(s.endpoint, { joinToken: TOKEN })
    const again = await registerAsAgent(s.endpoint, { joinToken: TOKEN, instanceSecret: first.secret! }, { containerInstanceArn: first.arn })
    assert.equal(again.status, 200)
    assert.equal(again.arn, first.arn)
    assert.equal(again.secret, undefined)
    assert.equal(await hashOf(first.arn!), hashInstanceSecret(first.secret!))
  })

  const REFUSALS = [
    { why: 'the plain API re-registering an instance an agent holds', creds: (_secret: string) => ({}), reason: 'instance-secret-missing', says: /belongs to an agent/ },
    { why: 'the join token without the secret', creds: () => ({ joinToken: TOKEN }), reason: 'instance-secret-missing', says: /belongs to an agent/ },
    { why: "another instance's secret", creds: () => ({ joinToken: TOKEN, instanceSecret: 'not-it' }), reason: 'instance-secret-wrong', says: /not the one issued/ },
    { why: 'the right secret with a wrong join token', creds: (secret: string) => ({ joinToken: 'guess', instanceSecret: secret }), reason: 'join-token-wrong', says: /join token/ },
    { why: 'the right secret without the join token', creds: (secret: string) => ({ instanceSecret: secret }), reason: 'secret-without-join-token', says: /only together/ },
  ]
  for (const { why, creds, reason, says } of REFUSALS) {
    it(`refuses a re-registration with ${why}, changing nothing, and logs it`, async () => {
      const held = await registerAsAgent(s.endpoint, { joinToken: TOKEN })
      const before = s.dump()
      const r = await registerAsAgent(s.endpoint, creds(held.secret!), { containerInstanceArn: held.arn })
      assert.equal(r.status, 400)
      assert.equal(r.json['__type'], 'ClientException')
      assert.match(String(r.json['message']), says)
      assert.equal(r.secret, undefined)
      assert.equal(s.dump(), before)
      assert.equal(warnings.at(-1)?.['reason'], reason)
    })
  }

  it('refuses a new registration with a wrong join token, before anything is written', async () => {
    const before = s.dump()
    const r = await registerAsAgent(s.endpoint, { joinToken: 'guess' })
    assert.equal(r.status, 400)
    assert.equal(s.dump(), before)
    assert.deepEqual(warnings.at(-1), { message: 'registration refused', reason: 'join-token-wrong' })
  })

  it('registers through the plain API with no secret; an agent with the join token then claims the instance', async () => {
    const arn = await registerInstance(s.ecs)
    assert.equal(await hashOf(arn), undefined)
    const claimed = await registerAsAgent(s.endpoint, { joinToken: TOKEN }, { containerInstanceArn: arn })
    assert.equal(claimed.arn, arn)
    assert.equal(await hashOf(arn), hashInstanceSecret(claimed.secret!))
  })
})
