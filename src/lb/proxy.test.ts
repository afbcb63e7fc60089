import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { request, type IncomingMessage } from 'node:http'
import { connect, createServer as createTcpServer, type AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { WebSocket, WebSocketServer } from 'ws'
import { config, get, startBackend, startPlane, target, targetGroup, type Backend, type Plane } from './test/harness.js'

/** Real sockets on 127.0.0.1: a client, the proxy, node:http backends. */

/** A raw exchange: writes `bytes`, resolves with everything the proxy sent until it closed. */
function raw(port: number, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    s.on('data', (c: Buffer) => chunks.push(c))
    s.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')))
    s.on('error', reject)
    s.end(bytes)
  })
}

describe('proxy: forwarding and headers', () => {
  let echo: Backend
  let p: Plane
  before(async () => {
    echo = await startBackend('echo', (req, res) => {
      req.resume()
      res.setHeader('content-type', 'application/json')
      res.setHeader('connection', 'keep-alive')
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers }))
    })
    p = await startPlane(config([targetGroup('web', [target(echo)])]))
  })
  after(async () => {
    await p.close()
    await echo.close()
  })

  it('forwards method, path and query, and adds X-Forwarded-For/-Proto/-Port (replacing a client\'s proto and port)', async () => {
    const res = await get(p.port, '/a/b?x=1', { method: 'DELETE', headers: { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https', 'x-forwarded-port': '1', 'x-custom': 'kept' } })
    assert.equal(res.status, 200)
    const seen = JSON.parse(res.body.toString()) as { method: string; url: string; headers: Record<string, string> }
    assert.equal(seen.method, 'DELETE')
    assert.equal(seen.url, '/a/b?x=1')
    assert.equal(seen.headers['x-forwarded-for'], '203.0.113.7, 127.0.0.1')
    assert.equal(seen.headers['x-forwarded-proto'], 'http')
    assert.equal(seen.headers['x-forwarded-port'], String(p.port))
    assert.equal(seen.headers['x-custom'], 'kept')
    // A listener on neither 80 nor 443 adds its port to a Host that has none.
    assert.equal(seen.headers['host'], `127.0.0.1:${p.port}`)
    assert.match(seen.headers['x-amzn-trace-id'] ?? '', /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/)
    assert.equal(res.headers['connection'], 'close', 'hop-by-hop headers of the target are not passed on (the client asked for close)')
  })

  it('keeps a client\'s Host with a port, and puts Self in front of a client\'s trace Root', async () => {
    const res = await get(p.port, '/', { headers: { host: 'app.example.com:9999', 'x-amzn-trace-id': 'Root=1-5ef53771-9cc00b44b9570f4082ba5c39' } })
    const seen = JSON.parse(res.body.toString()) as { headers: Record<string, string> }
    assert.equal(seen.headers['host'], 'app.example.com:9999')
    assert.match(seen.headers['x-amzn-trace-id'] ?? '', /^Self=1-[0-9a-f]{8}-[0-9a-f]{24};Root=1-5ef53771-9cc00b44b9570f4082ba5c39$/)
  })

  it('routes fixed responses and redirects by rule', async () => {
    await p.apply(
      config([targetGroup('web', [target(echo)])], {
        rules: [
          { arn: 'r1', priority: 10, conditions: [{ field: 'path-pattern', values: ['/teapot'] }], action: { type: 'fixed-response', statusCode: 418, contentType: 'application/json', messageBody: '{"short":"stout"}' } },
          { arn: 'r2', priority: 20, conditions: [{ field: 'path-pattern', values: ['/old/*'] }], action: { type: 'redirect', protocol: 'HTTPS', port: '443', path: '/new/#{path}', statusCode: 'HTTP_301' } },
        ],
      }),
    )
    const fixed = await get(p.port, '/teapot')
    assert.equal(fixed.status, 418)
    assert.equal(fixed.headers['content-type'], 'application/json')
    assert.equal(fixed.body.toString(), '{"short":"stout"}')
    const moved = await get(p.port, '/old/page?q=1', { headers: { host: 'app.example.com' } })
    assert.equal(moved.status, 301)
    assert.equal(moved.headers['location'], 'https://app.example.com:443/new/old/page?q=1')
    assert.equal(moved.headers['server'], 'awselb/2.0')
    const m = p.plane.metrics().loadBalancers[0]!
    assert.equal(m.fixedResponses, 1)
    assert.equal(m.redirects, 1)
  })
})

describe('proxy: ALB\'s own errors', () => {
  let p: Plane
  let hang: Backend
  let dies: Backend
  let cut: Backend
  let upload: Backend
  let closedPort: number
  let garbledPort: number
  const garbled = createTcpServer((socket) => socket.once('data', () => socket.end('this is not HTTP\r\n\r\n')))
  before(async () => {
    garbled.listen(0, '127.0.0.1')
    await once(garbled, 'listening')
    garbledPort = (garbled.address() as AddressInfo).port
    hang = await startBackend('hang', (req) => req.resume()) // never answers
    dies = await startBackend('dies', (req) => req.socket.destroy())
    cut = await startBackend('cut', (req, res) => {
      res.writeHead(200, { 'content-length': '1000' })
      res.write('only part of it')
      setImmediate(() => req.socket.destroy())
    })
    // Reads a megabyte of the request body, then drops the connection.
    upload = await startBackend('upload', (req) => {
      let n = 0
      req.on('data', (c: Buffer) => {
        n += c.length
        if (n > 1_000_000) req.socket.destroy()
      })
    })
    const probe = createTcpServer()
    probe.listen(0, '127.0.0.1')
    await once(probe, 'listening')
    closedPort = (probe.address() as AddressInfo).port
    await new Promise((r) => probe.close(r))
    p = await startPlane(
      config(
        [
          targetGroup('empty', []),
          targetGroup('hang', [target(hang)]),
          targetGroup('dies', [target(dies)]),
          targetGroup('cut', [target(cut)]),
          targetGroup('refused', [{ id: 'i-closed', address: '127.0.0.1', port: closedPort, state: 'registered' }]),
          targetGroup('draining', [target(hang, 'draining')]),
          targetGroup('upload', [target(upload)]),
          targetGroup('garbled', [{ id: 'i-garbled', address: '127.0.0.1', port: garbledPort, state: 'registered' }]),
        ],
        {
          rules: ['hang', 'dies', 'cut', 'refused', 'draining', 'upload', 'garbled'].map((n, i) => ({
            arn: `r-${n}`,
            priority: i + 1,
            conditions: [{ field: 'path-pattern' as const, values: [`/${n}`] }],
            action: { type: 'forward' as const, targetGroups: [{ arn: targetGroup(n, []).arn, weight: 1 }] },
          })),
        },
        { idleTimeoutSeconds: 0.3 },
      ),
    )
  })
  after(async () => {
    await p.close()
    await Promise.all([hang.close(), dies.close(), cut.close(), upload.close()])
    garbled.close()
  })

  it('503 with ALB\'s exact page when the group has no registered target', async () => {
    const res = await get(p.port, '/')
    assert.equal(res.status, 503)
    assert.equal(res.headers['server'], 'awselb/2.0')
    assert.equal(res.headers['content-type'], 'text/html')
    assert.equal(res.body.toString(), '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n')
    assert.equal(res.body.length, 162, 'the length an ALB 503 has')
  })

  it('503 when every target is draining', async () => assert.equal((await get(p.port, '/draining')).status, 503))

  it('504 when the target sends nothing within the idle timeout', async () => {
    const res = await get(p.port, '/hang')
    assert.equal(res.status, 504)
    assert.match(res.body.toString(), /504 Gateway Time-out/)
    assert.equal(res.body.length, 132)
  })

  it('502 when the target resets the connection before answering', async () => {
    const res = await get(p.port, '/dies')
    assert.equal(res.status, 502)
    assert.equal(res.body.length, 122)
  })

  it('502 when nothing listens at the target, counted as a connection error', async () => {
    assert.equal((await get(p.port, '/refused')).status, 502)
    const g = p.plane.metrics().targetGroups.find((x) => x.arn.includes('/refused/'))!
    assert.equal(g.targetConnectionErrors, 1)
    assert.equal(g.elb502, 1)
  })

  it('502 when the target answers something that is not HTTP', async () => assert.equal((await get(p.port, '/garbled')).status, 502))

  it('502 when the target drops the connection while the request body is still streaming', async () => {
    const res = await get(p.port, '/upload', { method: 'POST', body: Buffer.alloc(16 * 1024 * 1024) })
    assert.equal(res.status, 502)
    assert.equal(p.plane.inFlight(targetGroup('upload', []).arn, target(upload)), 0)
  })

  it('a target dying after its headers: the client sees the answer cut short', async () => {
    await assert.rejects(get(p.port, '/cut'), /aborted|socket hang up|ECONNRESET/)
  })

  it('counts ELB 5xx per load balancer', () => {
    const lb = p.plane.metrics().loadBalancers[0]!
    assert.ok(lb.elb503 >= 2 && lb.elb504 >= 1 && lb.elb502 >= 2, JSON.stringify(lb))
  })
})

describe('proxy: malformed requests never crash it', () => {
  let backend: Backend
  let p: Plane
  before(async () => {
    backend = await startBackend('ok')
    p = await startPlane(config([targetGroup('web', [target(backend)])]))
  })
  after(async () => {
    await p.close()
    await backend.close()
  })

  const rows: { why: string; bytes: string; status: number }[] = [
    { why: 'garbage instead of a request line', bytes: 'GARBAGE\r\n\r\n', status: 400 },
    { why: 'a header without a colon', bytes: 'GET / HTTP/1.1\r\nHost: a\r\nnocolon\r\n\r\n', status: 400 },
    { why: 'a bad HTTP version', bytes: 'GET / HTTP/9.9.9\r\nHost: a\r\n\r\n', status: 400 },
    { why: 'headers past 64 KB', bytes: `GET / HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`, status: 400 },
    { why: 'a transfer coding ALB does not support', bytes: 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n', status: 501 },
    { why: 'content-length and chunked together', bytes: 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', status: 400 },
    { why: 'TRACE', bytes: 'TRACE / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n', status: 405 },
    { why: 'X-Forwarded-For of 31 addresses', bytes: `GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\nX-Forwarded-For: ${Array.from({ length: 31 }, (_, i) => `10.0.0.${i}`).join(', ')}\r\n\r\n`, status: 463 },
  ]
  for (const { why, bytes, status } of rows) {
    it(`${status} for ${why}`, async () => {
      const answer = await raw(p.port, bytes)
      assert.match(answer, new RegExp(`^HTTP/1.1 ${status} `))
      assert.match(answer, /Server: awselb\/2.0/i)
    })
  }

  it('still serves afterwards, and the backend saw none of it', async () => {
    const res = await get(p.port, '/')
    assert.equal(res.status, 200)
    assert.equal(backend.seen.length, 1)
  })
})

describe('proxy: bodies stream both ways', () => {
  let backend: Backend
  let p: Plane
  before(async () => {
    backend = await startBackend('stream', (req, res) => {
      if (req.url === '/echo') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' })
        req.pipe(res)
      } else if (req.url === '/hash') {
        const h = createHash('sha256')
        req.on('data', (c: Buffer) => h.update(c))
        req.on('end', () => res.end(h.digest('hex')))
      } else if (req.url === '/download') {
        // 64 MB of a repeating pattern, written with backpressure.
        const chunk = Buffer.alloc(64 * 1024, 'abcdefgh')
        let left = 1024
        res.writeHead(200, { 'content-length': String(chunk.length * left) })
        const pump = () => {
          while (left > 0) {
            left--
            if (!res.write(chunk)) return void res.once('drain', pump)
          }
          res.end()
        }
        pump()
      }
    })
    p = await startPlane(config([targetGroup('web', [target(backend)])]))
  })
  after(async () => {
    await p.close()
    await backend.close()
  })

  // A proxy that buffered whole bodies would never echo the first chunk: the timeout makes that a failure, not a hang.
  it('each chunk comes back before the next is sent: nothing waits for the whole body', { timeout: 30_000 }, async () => {
    const req = request({ host: '127.0.0.1', port: p.port, path: '/echo', method: 'POST', agent: false, headers: { 'transfer-encoding': 'chunked' } })
    const responded = once(req, 'response') as Promise<[IncomingMessage]>
    let res: IncomingMessage | undefined
    let received = ''
    for (let i = 0; i < 20; i++) {
      const piece = `chunk-${i};`.padEnd(100_000, '.')
      req.write(piece)
      if (!res) {
        ;[res] = await responded
        res.setEncoding('latin1')
        res.on('data', (s: string) => (received += s))
      }
      // Synchronise on the echo itself: the proxy must have passed this chunk both ways.
      while (!received.endsWith(piece)) await once(res, 'data')
    }
    assert.ok(res)
    req.end()
    await once(res, 'end')
    assert.equal(received.length, 20 * 100_000)
  })

  it('a 64 MB upload arrives whole', async () => {
    const body = Buffer.alloc(64 * 1024 * 1024, 'xyz')
    const res = await get(p.port, '/hash', { method: 'PUT', body })
    assert.equal(res.body.toString(), createHash('sha256').update(body).digest('hex'))
  })

  it('a 64 MB download arrives whole', async () => {
    const res = await get(p.port, '/download')
    assert.equal(res.status, 200)
    assert.equal(res.body.length, 64 * 1024 * 1024)
    assert.equal(res.body.subarray(1000, 1008).toString(), 'abcdefgh')
  })
})

describe('proxy: WebSocket upgrades pass through', () => {
  let backend: Backend
  let wss: WebSocketServer
  let p: Plane
  const upgradeHeaders: Record<string, string | string[] | undefined>[] = []
  before(async () => {
    backend = await startBackend('ws')
    wss = new WebSocketServer({ server: backend.server })
    wss.on('connection', (socket, req) => {
      upgradeHeaders.push(req.headers)
      socket.on('message', (data, isBinary) => socket.send(isBinary ? data : `echo: ${String(data)}`))
    })
    p = await startPlane(config([targetGroup('web', [target(backend)])]))
  })
  after(async () => {
    await p.close()
    wss.close()
    await backend.close()
  })

  it('messages go both ways, and the target saw the forwarded headers', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${p.port}/chat`)
    await once(ws, 'open')
    ws.send('hello')
    const [first] = (await once(ws, 'message')) as [Buffer]
    assert.equal(String(first), 'echo: hello')
    ws.send(Buffer.from([1, 2, 3]), { binary: true })
    const [second] = (await once(ws, 'message')) as [Buffer]
    assert.deepEqual([...second], [1, 2, 3])
    assert.equal(p.plane.inFlight(targetGroup('web', []).arn, target(backend)), 1, 'an open tunnel counts as in flight')
    ws.close()
    await once(ws, 'close')
    assert.equal(upgradeHeaders[0]?.['x-forwarded-for'], '127.0.0.1')
    assert.equal(upgradeHeaders[0]?.['upgrade'], 'websocket')
  })

  it('an upgrade with no target gets the 503 page', async () => {
    await p.apply(config([targetGroup('web', [])]))
    const answer = await raw(p.port, 'GET /chat HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n')
    assert.match(answer, /^HTTP\/1.1 503 Service Temporarily Unavailable/)
  })
})
