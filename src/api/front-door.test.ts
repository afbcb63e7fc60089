import assert from 'node:assert/strict'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { createHttpServer } from './http-server.js'
import type { Router } from './router.js'

// The front door over a real socket: dispatch by method and path, and every refusal made
// before a service runs written in the protocol the client speaks.
describe('the HTTP front door', () => {
  const seen: string[] = []
  const router: Router = {
    handle: async (req) => {
      seen.push(`${req.method} ${req.path}`)
      return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'api' }
    },
  }
  const server = createHttpServer({
    router,
    bodyLimit: 64,
    routes: [{ method: 'GET', path: '/metrics', handle: async () => ({ status: 200, headers: {}, body: 'metrics' }) }],
  })
  let port = 0
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  after(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const send = (method: string, path: string, headers: Record<string, string>, body = '') =>
    new Promise<{ status: number; type: string | undefined; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: false }, (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (text += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: text }))
      })
      req.on('error', reject)
      req.end(body)
    })

  const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }
  const json = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters' }

  it('hands POST / (query string aside) to the AWS router, and other routes to theirs', async () => {
    assert.equal((await send('POST', '/?x=1', form, 'Action=X')).body, 'api')
    assert.equal((await send('GET', '/metrics', {})).body, 'metrics')
    assert.deepEqual(seen, ['POST /?x=1'])
  })

  it('a body over the limit from a query client is an XML ErrorResponse with 413', async () => {
    const res = await send('POST', '/', form, 'Action=DescribeLoadBalancers&Version=2015-12-01&' + 'x'.repeat(100))
    assert.equal(res.status, 413)
    assert.equal(res.type, 'text/xml')
    assert.match(res.body, /^<ErrorResponse><Error><Type>Sender<\/Type><Code>RequestEntityTooLarge<\/Code><Message>The request body is larger than the 64 bytes/)
  })

  it('a body over the limit from a JSON client is a JSON SerializationException with 413', async () => {
    const res = await send('POST', '/', json, JSON.stringify({ pad: 'x'.repeat(100) }))
    assert.equal(res.status, 413)
    assert.equal((JSON.parse(res.body) as { __type: string }).__type, 'SerializationException')
  })

  it('an unknown path is 404 and a known path with another method 405, each in the client’s protocol', async () => {
    const xml = await send('POST', '/nope', form, 'Action=X')
    assert.equal(xml.status, 404)
    assert.match(xml.body, /<Code>NotFound<\/Code>/)
    const text = await send('GET', '/', {})
    assert.equal(text.status, 405)
    assert.match(text.body, /^MethodNotAllowed: \/ does not answer GET/)
    const j = await send('DELETE', '/metrics', json)
    assert.equal(j.status, 405)
    assert.equal((JSON.parse(j.body) as { __type: string }).__type, 'MethodNotAllowed')
  })
})
