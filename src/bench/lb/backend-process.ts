import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parentChannel } from './child.js'

/**
 * The trivial target of the proxy benchmarks: a node:http server on 127.0.0.1 answering a
 * small body with keep-alive. `/hold` keeps its answer back until the parent says `release`,
 * and tells the parent when `expect` requests are held (the 1,000-connection RSS figure).
 *   → { type: 'ready', port }         ← { type: 'expect', n } → { type: 'held', n } once n are held
 *   ← { type: 'release' } → { type: 'released' }   ← { type: 'stop' }
 */
const send = parentChannel()
const BODY = Buffer.from('hello from the backend\n')
const held: ServerResponse[] = []
let expected = Infinity

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  if (req.url === '/hold') {
    req.resume()
    held.push(res)
    if (held.length === expected) {
      expected = Infinity
      send({ type: 'held', n: held.length })
    }
    return
  }
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': BODY.length })
  res.end(BODY)
})
server.maxRequestsPerSocket = 0
server.listen(0, '127.0.0.1', () => send({ type: 'ready', port: (server.address() as AddressInfo).port }))

process.on('message', (m: { type: string; n?: number }) => {
  if (m.type === 'expect') {
    expected = m.n ?? 0
    if (held.length >= expected) {
      expected = Infinity
      send({ type: 'held', n: held.length })
    }
  } else if (m.type === 'release') {
    for (const res of held.splice(0)) res.end(BODY)
    send({ type: 'released' })
  } else if (m.type === 'stop') {
    server.closeAllConnections()
    server.close(() => process.exit(0))
  }
})
