import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { gzipSync } from 'node:zlib'
import { decodeContent } from './content-encoding.js'
import type { WireRequest } from './wire.js'

const request = (body: Buffer, encoding?: string): WireRequest => ({ method: 'POST', path: '/', headers: encoding ? { 'content-encoding': encoding } : {}, body })

describe('decodeContent', () => {
  it('passes a body with no encoding, or identity, as it is', () => {
    const body = Buffer.from('Action=ListMetrics')
    assert.equal(decodeContent(request(body)).body, body)
    assert.equal(decodeContent(request(body, 'identity')).body, body)
  })

  it('gunzips a gzip body', () => {
    assert.equal(decodeContent(request(gzipSync('{"Namespace":"N"}'), 'gzip')).body.toString(), '{"Namespace":"N"}')
  })

  const refusals: [string, WireRequest, number, RegExp][] = [
    ['not gzip', request(Buffer.from('plain'), 'gzip'), 400, /not valid gzip/],
    ['another encoding', request(Buffer.from('x'), 'br'), 400, /gzip or none, not br/],
    ['a bomb past the limit', request(gzipSync(Buffer.alloc(4096)), 'gzip'), 413, /larger than the 1024 bytes/],
  ]
  for (const [name, req, status, message] of refusals) {
    it(`refuses ${name}`, () =>
      assert.throws(
        () => decodeContent(req, 1024),
        (e: { code: string; status: number; message: string }) => e.code === 'SerializationException' && e.status === status && message.test(e.message),
      ))
  }
})
