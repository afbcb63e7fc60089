import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http'
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { Deadlines } from './deadlines.js'
import { config, get, targetGroup, startPlane, type Plane } from './test/harness.js'
import { DEFAULT_KEEP_ALIVE_MS, keepAliveMs } from './upstream.js'

/**
 * The proxy's client to targets (upstream.ts), driven through a listener against scripted
 * TCP targets that answer byte for byte, on 127.0.25.1.
 */
const HOST = '127.0.25.1'

describe('keep-alive time from a target\'s Keep-Alive header', () => {
  const rows: { headers: string[]; want: number; why: string }[] = [
    { headers: [], want: DEFAULT_KEEP_ALIVE_MS, why: 'none: 4 s' },
    { headers: ['Keep-Alive', 'timeout=5'], want: 4000, why: 'node\'s default 5 s: a second less' },
    { headers: ['keep-alive', 'timeout=65, max=100'], want: 64_000, why: 'longer than the default is trusted' },
    { headers: ['Keep-Alive', 'timeout=1'], want: 0, why: 'a second or less: not kept at all' },
    { headers: ['Keep-Alive', 'timeout=100000'], want: 600_000, why: 'capped at 10 minutes' },
    { headers: ['Keep-Alive', 'max=3'], want: DEFAULT_KEEP_ALIVE_MS, why: 'no timeout in it: the default' },
  ]
  for (const { headers, want, why } of rows) it(why, () => assert.equal(keepAliveMs(headers), want))
})

describe('deadline sweep', () => {
  it('expires what is past its deadline, once, and leaves the rest', () => {
    const d = new Deadlines()
    const expired: string[] = []
    const entry = (name: string, deadline: number) => ({
      deadline,
      expire() {
        expired.push(name)
        this.deadline = Infinity
      },
    })
    const a = entry('a', 100)
    const b = entry('b', 200)
    d.add(a)
    d.add(b)
    d.sweep(150)
    d.sweep(160)
    assert.deepEqual(expired, ['a'])
    d.delete(b)
    d.sweep(1000)
    assert.deepEqual(expired, ['a'])
    d.delete(a)
  })
})

/** A TCP target that answers every request it reads with `answer(requestText, socket)`; counts its connections. */
async function scripted(answer: (request: string, socket: Socket) => void): Promise<{ server: Server; port: number; connections: () => number; requests: string[] }> {
  let connections = 0
  const requests: string[] = []
  const server = createTcpServer((socket) => {
    connections++
    let buffered = ''
    socket.on('data', (c: Buffer) => {
      buffered += c.toString('latin1')
      // One request per blank line; bodies are not used by these targets.
      let end: number
      while ((end = buffered.indexOf('\r\n\r\n')) !== -1) {
        const request = buffered.slice(0, end + 4)
        buffered = buffered.slice(end + 4)
        requests.push(request)
        answer(request, socket)
      }
    })
    socket.on('error', () => {})
  })
  server.listen(0, HOST)
  await once(server, 'listening')
  return { server, port: (server.address() as AddressInfo).port, connections: () => connections, requests }
}

describe('proxy → target: HTTP/1.1 framing', () => {
  let p: Plane
  const servers: Server[] = []
  const names = ['head', 'closeDelimited', 'interim', 'manyHeaders', 'shortKeepAlive']
  const ports: Record<string, number> = {}
  const connections: Record<string, () => number> = {}
  before(async () => {
    const answers: Record<string, (request: string, socket: Socket) => void> = {
      // Content-Length says what a GET would carry; a HEAD answer has no body all the same.
      head: (req, s) => s.write(req.startsWith('HEAD') ? 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n' : 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello'),
      closeDelimited: (_req, s) => s.end('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end'),
      interim: (_req, s) => s.write('HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\ndone'),
      manyHeaders: (_req, s) => s.write(`HTTP/1.1 200 OK\r\n${Array.from({ length: 60 }, (_, i) => `X-H${i}: v${i}\r\n`).join('')}Content-Length: 2\r\n\r\nok`),
      shortKeepAlive: (_req, s) => s.write('HTTP/1.1 200 OK\r\nKeep-Alive: timeout=1\r\nContent-Length: 2\r\n\r\nok'),
    }
    for (const n of names) {
      const t = await scripted(answers[n]!)
      servers.push(t.server)
      ports[n] = t.port
      connections[n] = t.connections
    }
    const groups = names.map((n) => targetGroup(n, [{ id: `i-${n}`, address: HOST, port: ports[n]!, state: 'registered' }]))
    p = await startPlane(
      config(groups, {
        address: HOST,
        rules: names.map((n, i) => ({
          arn: `r-${n}`,
          priority: i + 1,
          conditions: [{ field: 'path-pattern' as const, values: [`/${n}`] }],
          action: { type: 'forward' as const, targetGroups: [{ arn: groups[i]!.arn, weight: 1 }] },
        })),
      }),
    )
  })
  after(async () => {
    await p.close()
    for (const s of servers) {
      s.close()
      s.unref()
    }
  })

  it('a HEAD answer ends at its headers, and the connection serves the next request', async () => {
    const head = await get(p.port, '/head', { method: 'HEAD', host: HOST })
    assert.equal(head.status, 200)
    assert.equal(head.headers['content-length'], '5')
    const next = await get(p.port, '/head', { host: HOST })
    assert.equal(next.body.toString(), 'hello')
    assert.equal(connections['head']!(), 1)
  })

  it('an answer delimited by the target closing arrives whole', async () => {
    const r = await get(p.port, '/closeDelimited', { host: HOST })
    assert.equal(r.status, 200)
    assert.equal(r.body.toString(), 'until the end')
  })

  it('an interim 103 is not passed on; the final answer is', async () => {
    const r = await get(p.port, '/interim', { host: HOST })
    assert.equal(r.status, 201)
    assert.equal(r.body.toString(), 'done')
  })

  it('more than 32 response headers all reach the client', async () => {
    const r = await get(p.port, '/manyHeaders', { host: HOST })
    assert.equal(r.status, 200)
    for (let i = 0; i < 60; i++) assert.equal(r.headers[`x-h${i}`], `v${i}`)
  })

  it('a target keeping connections a second or less gets a new connection per request', async () => {
    await get(p.port, '/shortKeepAlive', { host: HOST })
    await get(p.port, '/shortKeepAlive', { host: HOST })
    assert.equal(connections['shortKeepAlive']!(), 2)
  })
})

describe('proxy → target: an answer before the whole request body', () => {
  let p: Plane
  let server: HttpServer
  before(async () => {
    // Refuses uploads at once, without reading them; answers anything else.
    server = createHttpServer((req, res) => {
      if (req.method === 'PUT') {
        res.writeHead(413, { 'content-length': '8', connection: 'close' })
        res.end('too big\n')
        return
      }
      req.resume()
      res.end('fine')
    })
    server.listen(0, HOST)
    await once(server, 'listening')
    const port = (server.address() as AddressInfo).port
    p = await startPlane(config([targetGroup('early', [{ id: 'i-early', address: HOST, port, state: 'registered' }])], { address: HOST }))
  })
  after(async () => {
    await p.close()
    server.closeAllConnections()
    server.close()
  })

  // A body small enough to be sent whole before the target answers and closes. (A target that
  // closes while a large body is still being sent resets the connection: the client gets a
  // 502, as it did through undici.)
  it('the client gets the early answer, and the next request is served', async () => {
    const refused = await get(p.port, '/', { method: 'PUT', body: Buffer.alloc(1024, 'u'), host: HOST })
    assert.equal(refused.status, 413)
    assert.equal(refused.body.toString(), 'too big\n')
    const next = await get(p.port, '/', { host: HOST })
    assert.equal(next.status, 200)
    assert.equal(next.body.toString(), 'fine')
  })
})
