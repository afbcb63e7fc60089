import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WireErrors } from '../core/errors.js'
import { awsApiRoute, createFrontDoor, type HttpRoute } from './front-door.js'
import { renderWireError } from './protocols/render-error.js'
import type { WireRequest, WireResponse } from './protocols/wire.js'
import type { Router } from './router.js'

/** Requests larger than this are refused before they are parsed (PutLogEvents allows 1 MiB of events). */
export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024

export interface HttpServerOptions {
  /** The AWS APIs, served on POST /. */
  router: Router
  /** Other paths the port serves (GET /metrics); see front-door.ts. */
  routes?: readonly HttpRoute[]
  bodyLimit?: number
  /** Called for requests no service claims, e.g. the agent channel's upgrade (issue: agent). */
  onUnhandledError?: (error: unknown) => void
  /**
   * Told how long each request took in the server, in milliseconds: from its headers being
   * parsed to its response being handed to the socket (`npm run bench`). Unset, it costs one
   * property check per request.
   */
  onRequestTimed?: (ms: number) => void
}

/**
 * The only place that touches node:http: reads a body up to a limit, hands a WireRequest to
 * the front door (which dispatches by method and path), writes the WireResponse. Nothing a
 * client sends can make it throw.
 */
export function createHttpServer(options: HttpServerOptions): Server {
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT
  const frontDoor = createFrontDoor([awsApiRoute(options.router), ...(options.routes ?? [])])
  const timed = options.onRequestTimed
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    if (timed) {
      const start = performance.now()
      res.once('finish', () => timed(performance.now() - start))
    }
    readBody(req, limit).then(
      async (body) => {
        const wire: WireRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: flatHeaders(req), body }
        send(res, await frontDoor(wire))
      },
      (error: unknown) => {
        if (error instanceof BodyTooLarge) {
          // Answered in the client's protocol (XML to a query client), from its headers alone.
          const head = { method: req.method ?? 'GET', headers: flatHeaders(req) }
          res.setHeader('connection', 'close')
          send(res, renderWireError(head, WireErrors.tooLarge(limit), { requestId: randomUUID() }))
        } else {
          res.destroy()
        }
      },
    ).catch((error: unknown) => {
      options.onUnhandledError?.(error)
      if (!res.headersSent) send(res, { status: 500, headers: {}, body: '' })
    })
  })
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n')
    else socket.destroy()
  })
  return server
}

export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve(server.address() as AddressInfo)
    })
  })
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > limit) {
      req.resume()
      reject(new BodyTooLarge())
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        req.removeAllListeners('data')
        req.resume()
        reject(new BodyTooLarge())
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(',') : v
  return out
}

function send(res: ServerResponse, response: WireResponse): void {
  res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) })
  res.end(response.body)
}
