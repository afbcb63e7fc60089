import { ListTaskDefinitionFamiliesCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestServer, type TestServer } from '../../../testing/server.js'
import { rawEcs } from '../../../testing/wire.js'
import { MALFORMED_REQUESTS } from './malformed-requests.js'

/** Every malformed row of the table, over the wire: ECS's error, and nothing stored. */
describe('RegisterTaskDefinition refuses malformed requests and stores nothing', () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
    await t.ecs.send(new RegisterTaskDefinitionCommand({ family: 'existing', containerDefinitions: [{ name: 'a', image: 'i', memory: 64 }] }))
  })
  after(() => t.close())

  const families = async () => (await t.ecs.send(new ListTaskDefinitionFamiliesCommand({ status: 'ALL' }))).families

  for (const { why, req, code, message } of MALFORMED_REQUESTS) {
    it(why, async () => {
      const index = t.store.index()
      await assert.rejects(t.ecs.send(new RegisterTaskDefinitionCommand(req)), (e: Error) => e.name === code && message.test(e.message))
      assert.equal(t.store.index(), index, 'no write transaction committed')
      assert.deepEqual(await families(), ['existing'])
    })
  }

  it('refuses what the model refuses before any check of its own', async () => {
    const index = t.store.index()
    const missingImageType = await rawEcs(t.router, 'RegisterTaskDefinition', '{"family":"x","containerDefinitions":[{"name":"a","memory":"lots"}]}')
    assert.equal(missingImageType.status, 400)
    assert.equal(missingImageType.json['__type'], 'SerializationException')
    const noContainers = await rawEcs(t.router, 'RegisterTaskDefinition', '{"family":"x"}')
    assert.equal(noContainers.json['__type'], 'InvalidParameterException')
    const badMode = await rawEcs(t.router, 'RegisterTaskDefinition', '{"family":"x","networkMode":"nat","containerDefinitions":[]}')
    assert.equal(badMode.json['__type'], 'InvalidParameterException')
    assert.equal(t.store.index(), index)
  })
})
