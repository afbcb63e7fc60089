import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestServer, type TestServer } from '../../../testing/server.js'
import { rawEcs } from '../../../testing/wire.js'

describe('tagging resources whose type is an Object.prototype name', () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
  })
  after(() => t.close())

  // These once found Object's own members in the table of taggable kinds: `constructor/x`
  // tagged a resource that does not exist, `__proto__/x` answered 500.
  for (const kind of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
    it(`refuses ${kind}/x as a resource that does not support tagging`, async () => {
      const resourceArn = `arn:aws:ecs:us-east-1:000000000000:${kind}/x`
      const tagged = await rawEcs(t.router, 'TagResource', JSON.stringify({ resourceArn, tags: [{ key: 'k', value: 'v' }] }))
      assert.equal(tagged.status, 400)
      assert.equal(tagged.json['__type'], 'InvalidParameterException')
      const listed = await rawEcs(t.router, 'ListTagsForResource', JSON.stringify({ resourceArn }))
      assert.equal(listed.json['__type'], 'InvalidParameterException')
    })
  }
})
