import assert from 'node:assert/strict'
import { once } from 'node:events'
import { connect, type Socket } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { config, startBackend, startPlane, target, targetGroup, type Backend, type Plane } from './test/harness.js'

/**
 * The proxy's own HTTP/1.1 server side (client-connection.ts) through raw sockets: what
 * node:http did for it before (framing, keep-alive, HTTP/1.0, Expect, refusals) and what a
 * parser of its own must get right (pipelining, half-close, timeouts). Listener and backend
 * on 127.0.33.x.
 */

const ADDRESS = '127.0.33.1'

/** Writes `bytes` (and shuts the sending side when `end`), resolves with all the proxy sent until it closed. */
function exchange(port: number, bytes: string | Buffer, end = true): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, ADDRESS)
    const chunks: Buffer[] = []
    s.on('data', (c: Buffer) => chunks.push(c))
    s.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')))
    s.on('error', reject)
    if (end) s.end(bytes)
    else s.write(bytes)
  })
}

/** A connection kept open: `until` resolves once what the proxy sent satisfies `done`. */
function openClient(port: number): { socket: Socket; received: () => string; until: (done: (text: string) => boolean) => Promise<string> } {
  const socket = connect(port, ADDRESS)
  let text = ''
  socket.setEncoding('latin1')
  socket.on('data', (s: string) => (text += s))
  return {
    socket,
    received: () => text,
    async until(done) {
      while (!done(text)) await once(socket, 'data')
      return text
    },
  }
}

/** The status of every answer in `text`, in order (a body here never contains a status line). */
const statuses = (text: string) => [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]))

describe('client connections: framing and keep-alive as node:http framed them', () => {
  let backend: Backend
  let p: Plane
  const bodies: string[] = []
  before(async () => {
    backend = await startBackend(
      'framing',
      (req, res) => {
        let body = ''
        req.setEncoding('latin1')
        req.on('data', (c: string) => (body += c))
        req.on('end', () => {
          bodies.push(`${req.method} ${req.url} ${body}`)
          if (req.url === '/chunked') {
            // No Content-Length: node:http sends it chunked.
            res.write('part one, ')
            res.end('part two')
          } else if (req.url === '/empty') {
            res.writeHead(204)
            res.end()
          } else {
            res.setHeader('content-type', 'text/plain')
            res.end(`${req.method} ${req.url}\n`)
          }
        })
      },
      '127.0.33.2',
    )
    p = await startPlane(config([targetGroup('web', [target(backend)])], { address: ADDRESS }, { idleTimeoutSeconds: 0.5 }))
  })
  after(async () => {
    await p.close()
    await backend.close()
  })

  it('pipelined requests are answered in order, a body between them included', async () => {
    const text = await exchange(
      p.port,
      'GET /one HTTP/1.1\r\nHost: a\r\n\r\n' + 'POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello' + 'GET /three HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n',
      false,
    )
    assert.deepEqual(statuses(text), [200, 200, 200])
    const bodiesSeen = [...text.matchAll(/\r\n\r\n(GET|POST) (\/\w+)\n/g)].map((m) => m[2])
    assert.deepEqual(bodiesSeen, ['/one', '/two', '/three'])
    assert.ok(bodies.includes('POST /two hello'), JSON.stringify(bodies))
    assert.match(text, /Connection: close\r\n/, 'the last one closes, as asked')
  })

  it('what a client sends behind `Connection: close` is not served', async () => {
    const text = await exchange(p.port, 'GET /last HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /after-last HTTP/1.1\r\nHost: a\r\n\r\n', false)
    assert.deepEqual(statuses(text), [200])
    assert.ok(!bodies.some((b) => b.includes('/after-last')), JSON.stringify(bodies))
  })

  it('a target answer without length goes chunked to an HTTP/1.1 client, which keeps its connection', async () => {
    const c = openClient(p.port)
    c.socket.write('GET /chunked HTTP/1.1\r\nHost: a\r\n\r\n')
    const text = await c.until((t) => t.endsWith('0\r\n\r\n'))
    assert.match(text, /^HTTP\/1\.1 200 OK\r\n/)
    assert.match(text, /Transfer-Encoding: chunked\r\n/)
    assert.match(text, /Connection: keep-alive\r\nKeep-Alive: timeout=0\r\n/)
    assert.match(text, /\r\n\r\na\r\npart one, \r\n8\r\npart two\r\n0\r\n\r\n$/)
    // The same connection serves the next request.
    c.socket.write('GET /again HTTP/1.1\r\nHost: a\r\n\r\n')
    assert.deepEqual(statuses(await c.until((t) => t.endsWith('GET /again\n'))), [200, 200])
    c.socket.destroy()
  })

  it('to an HTTP/1.0 client the same answer runs until the connection closes', async () => {
    const text = await exchange(p.port, 'GET /chunked HTTP/1.0\r\nHost: a\r\n\r\n')
    assert.match(text, /Connection: close\r\n/)
    assert.doesNotMatch(text, /Transfer-Encoding/)
    assert.match(text, /\r\n\r\npart one, part two$/)
  })

  it('HTTP/1.0 with keep-alive keeps the connection when the answer has a length', async () => {
    const c = openClient(p.port)
    c.socket.write('GET /ten HTTP/1.0\r\nHost: a\r\nConnection: keep-alive\r\n\r\n')
    const text = await c.until((t) => t.endsWith('GET /ten\n'))
    assert.match(text, /Connection: keep-alive\r\n/)
    assert.match(text, /Content-Length: 9\r\n/)
    c.socket.destroy()
  })

  it('HEAD: the length without the body; 204: no body and no chunking', async () => {
    const text = await exchange(p.port, 'HEAD /head HTTP/1.1\r\nHost: a\r\n\r\nGET /empty HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n')
    assert.deepEqual(statuses(text), [200, 204])
    assert.doesNotMatch(text, /HEAD \/head/, 'no body after the HEAD answer')
    assert.doesNotMatch(text, /Transfer-Encoding/)
  })

  it('a client that shuts its side after sending still gets its answer', async () => {
    const text = await exchange(p.port, 'GET /half HTTP/1.1\r\nHost: a\r\n\r\n')
    assert.deepEqual(statuses(text), [200])
    assert.match(text, /GET \/half\n$/)
  })

  it('Expect: 100-continue gets 100 Continue before the answer; another expectation gets 417', async () => {
    const c = openClient(p.port)
    c.socket.write('PUT /up HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n')
    await c.until((t) => t.includes('\r\n\r\n'))
    assert.equal(c.received(), 'HTTP/1.1 100 Continue\r\n\r\n')
    c.socket.write('abc')
    const text = await c.until((t) => t.endsWith('PUT /up\n'))
    assert.deepEqual(statuses(text), [100, 200])
    assert.ok(bodies.includes('PUT /up abc'))
    c.socket.destroy()
    const refused = await exchange(p.port, 'PUT /up HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: something-else\r\nConnection: close\r\n\r\nabc')
    assert.deepEqual(statuses(refused), [417])
  })

  it('an idle keep-alive connection is closed after the idle timeout', async () => {
    const c = openClient(p.port)
    c.socket.write('GET /idle HTTP/1.1\r\nHost: a\r\n\r\n')
    await c.until((t) => t.endsWith('GET /idle\n'))
    await once(c.socket, 'close')
    assert.deepEqual(statuses(c.received()), [200])
  })

  it('a request head left unfinished past the idle timeout gets ALB\'s 408', async () => {
    const text = await exchange(p.port, 'GET /slow HTTP/1.1\r\nHost: a\r\n', false)
    assert.deepEqual(statuses(text), [408])
    assert.match(text, /Server: awselb\/2.0/)
  })
})

describe('client connections: what cannot be served', () => {
  let backend: Backend
  let p: Plane
  before(async () => {
    backend = await startBackend('refusals', undefined, '127.0.33.2')
    p = await startPlane(config([targetGroup('web', [target(backend)])], { address: ADDRESS }))
  })
  after(async () => {
    await p.close()
    await backend.close()
  })

  const rows: { why: string; bytes: string; want: number[] }[] = [
    { why: 'a folded header line (obs-fold) is refused', bytes: 'GET / HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\n\r\n', want: [400] },
    { why: 'HTTP/1.1 without Host', bytes: 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n', want: [400] },
    { why: 'a request line past 64 KB', bytes: `GET /${'a'.repeat(70_000)} HTTP/1.1\r\nHost: a\r\n\r\n`, want: [400] },
    { why: 'a bad chunk size in the body', bytes: 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', want: [400] },
    { why: 'a good request, then garbage pipelined behind it: the answer first, then the page', bytes: 'GET / HTTP/1.1\r\nHost: a\r\n\r\nGARBAGE\r\n\r\n', want: [200, 400] },
  ]
  for (const { why, bytes, want } of rows) {
    it(`${want.join(', ')}: ${why}`, async () => {
      const text = await exchange(p.port, bytes)
      assert.deepEqual(statuses(text), want)
      if (want.at(-1)! >= 400) assert.match(text, /Server: awselb\/2.0\r\n[\s\S]*Connection: close\r\n\r\n<html>/)
    })
  }

  it('CONNECT closes the connection without an answer (as node:http did)', async () => {
    assert.equal(await exchange(p.port, 'CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n', false), '')
  })

  it('the load balancer counts its 4xx answers, and the backend saw one request', () => {
    assert.ok(p.plane.metrics().loadBalancers[0]!.elb4xx >= 5)
    assert.equal(backend.seen.length, 1)
  })
})

describe('client connections: a request that arrives in pieces', () => {
  let backend: Backend
  let p: Plane
  before(async () => {
    backend = await startBackend(
      'pieces',
      (req, res) => {
        req.resume()
        res.end(`${req.url!.length} ${req.headers['x-h49'] ?? '-'} ${Object.keys(req.headers).length}\n`)
      },
      '127.0.33.2',
    )
    p = await startPlane(config([targetGroup('web', [target(backend)])], { address: ADDRESS }))
  })
  after(async () => {
    await p.close()
    await backend.close()
  })

  it('a long URL and 50 headers written 100 bytes at a time reach the target whole', async () => {
    let headers = ''
    for (let i = 0; i < 50; i++) headers += `X-H${i}: v${i}\r\n`
    const request = `GET /${'p'.repeat(3000)} HTTP/1.1\r\nHost: a\r\n${headers}Connection: close\r\n\r\n`
    const c = openClient(p.port)
    for (let i = 0; i < request.length; i += 100) {
      // Each piece is written once the last has gone out, so the proxy reads the head in parts.
      await new Promise<void>((resolve) => c.socket.write(request.slice(i, i + 100), () => resolve()))
    }
    await once(c.socket, 'close')
    // 50 + Host + X-Forwarded-For/-Proto/-Port + X-Amzn-Trace-Id (Connection is not forwarded).
    assert.match(c.received(), /\r\n\r\n3001 v49 55\n$/)
  })
})
