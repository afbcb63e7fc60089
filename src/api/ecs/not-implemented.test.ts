import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { ECSClient, ECSServiceException } from '@aws-sdk/client-ecs'
import ecsModel from '../../core/aws-model/ecs.json' with { type: 'json' }
import { startApiServer, type ApiServer } from '../../testing/api-server.js'
import { implementedEcsOperations } from './index.js'
import { ECS_NOT_IMPLEMENTED } from './not-implemented.js'

/** Errors that say nothing about the operation: the wire's, or a failure of Berth's own. */
const GENERIC = new Set(['UnknownOperationException', 'InternalFailure', 'ServerException', 'SerializationException'])

describe('every operation of the ECS model answers', () => {
  const model = Object.keys((ecsModel as { operations: Record<string, unknown> }).operations)
  const implemented = new Set(implementedEcsOperations())

  it('is implemented or listed as not implemented, never both', () => {
    assert.deepEqual(model.filter((op) => !implemented.has(op) && !Object.hasOwn(ECS_NOT_IMPLEMENTED, op)), [])
    // An operation implemented since it was listed: remove it from not-implemented.ts.
    assert.deepEqual(Object.keys(ECS_NOT_IMPLEMENTED).filter((op) => implemented.has(op)), [])
    assert.deepEqual(Object.keys(ECS_NOT_IMPLEMENTED).filter((op) => !model.includes(op)), [])
  })

  let api: ApiServer
  before(async () => {
    api = await startApiServer()
  })
  after(() => api.close())

  it('answers each operation of the model, through the JS SDK, with something other than a generic failure', async () => {
    const ecs: ECSClient = api.ecs
    const seen: string[] = []
    for (const op of model) {
      // An empty input: what matters is that the server knows the operation, not that the input is valid.
      const res = await rawCall(api.endpoint, op)
      if (GENERIC.has(res.type ?? '')) seen.push(`${op}: ${res.type} ${res.message}`)
      if (!implemented.has(op)) {
        assert.equal(res.status, 400, op)
        assert.equal(res.type, 'UnsupportedFeatureException', op)
        assert.ok(res.message?.startsWith(`Berth does not implement ${op}: `), `${op}: ${res.message}`)
      }
    }
    assert.deepEqual(seen, [])
    // And the SDK turns the answer into a typed error naming the operation.
    const { ExecuteCommandCommand } = await import('@aws-sdk/client-ecs')
    await assert.rejects(ecs.send(new ExecuteCommandCommand({ cluster: 'default', task: 'x', command: 'sh', interactive: true })), (e: ECSServiceException) =>
      e.name === 'UnsupportedFeatureException' && /^Berth does not implement ExecuteCommand: ECS Exec needs/.test(e.message))
  })

  it('still answers UnknownOperationException for a name that is no ECS operation', async () => {
    const res = await rawCall(api.endpoint, 'CreateWidget')
    assert.equal(res.type, 'UnknownOperationException')
  })
})

/** One JSON 1.1 call with an empty body, unsigned (the API server runs open, as `berth up` does). */
async function rawCall(endpoint: string, op: string): Promise<{ status: number; type?: string; message?: string }> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AmazonEC2ContainerServiceV20141113.${op}` },
    body: '{}',
  })
  const body = (await res.json()) as { __type?: string; message?: string }
  return { status: res.status, ...(body.__type !== undefined ? { type: body.__type } : {}), ...(body.message !== undefined ? { message: body.message } : {}) }
}
