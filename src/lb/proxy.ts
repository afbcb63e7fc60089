import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { Exchange } from './exchange.js'
import type { ListenerContext } from './listener-context.js'
import { cachedErrorPage, rawErrorResponse, reasonPhrase, redirectLocation, SERVER_HEADER } from './responses.js'
import { hostName, matchRule } from './rules.js'
import { tunnelUpgrade } from './upgrade.js'

/**
 * A listener's socket: node:http (or node:https) parses requests, and each one is matched to
 * its rule and answered: forwarded to a target (exchange.ts), a fixed response, a redirect,
 * or ALB's own error. Nothing a client sends can throw out of here: malformed requests reach
 * `clientError` and get ALB's 400 (501 for a transfer coding it does not support).
 */

/** Client header limits: ALB accepts 64 KB of headers in all (node's default is 16 KB). */
const MAX_HEADER_BYTES = 64 * 1024
/** ALB refuses an X-Forwarded-For of more than 30 addresses with its own 463. */
const MAX_XFF_ADDRESSES = 30

const kContext = Symbol('listener-context')
type WithContext = { [kContext]: ListenerContext }

export interface ListenerTls {
  cert: Buffer
  key: Buffer
}

/** A server for one listener; `ctx` is read on every request, so `apply` changes routing by updating it in place. */
export function createListenerServer(ctx: ListenerContext, tls: ListenerTls | undefined): Server {
  const options = { keepAliveTimeout: ctx.idleMs, requestTimeout: 0, maxHeaderSize: MAX_HEADER_BYTES, noDelay: true }
  const server: Server = tls ? createHttpsServer({ ...options, cert: tls.cert, key: tls.key }, onRequest) : createHttpServer(options, onRequest)
  ;(server as Server & WithContext)[kContext] = ctx
  setIdleTimeout(server, ctx.idleMs)
  server.on('connection', onConnection)
  server.on('clientError', onClientError)
  server.on('upgrade', onUpgrade)
  return server
}

/**
 * Client connections idle past the load balancer's idle timeout are closed, as ALB does. The
 * socket timeout is a second longer than the target-side one, so a target that keeps the
 * client waiting is answered 504 before the client's connection times out.
 */
export function setIdleTimeout(server: Server, idleMs: number): void {
  server.keepAliveTimeout = idleMs
  server.timeout = idleMs + 1000
}

function contextOf(emitter: unknown): ListenerContext {
  return (emitter as WithContext)[kContext]
}

function onRequest(this: Server, req: IncomingMessage, res: ServerResponse): void {
  handleRequest(contextOf(this), req, res)
}

export function handleRequest(ctx: ListenerContext, req: IncomingMessage, res: ServerResponse): void {
  ctx.counters.requests++
  const ex = new Exchange(ctx, req, res)
  if (ex.method === 'TRACE') return ex.respondError(405)
  if (ex.xffCount > MAX_XFF_ADDRESSES) return ex.respondError(463)
  const action = matchRule(ctx.table, ex).action
  switch (action.kind) {
    case 'forward': {
      const target = ex.chooseTarget(action)
      if (target) ex.forward(target)
      return
    }
    case 'fixed-response': {
      ctx.counters.fixedResponses++
      const r = action.response
      res.writeHead(r.status, reasonPhrase(r.status), r.headers as string[])
      res.end(r.body)
      return
    }
    case 'redirect': {
      // Without a Host header there is no URL to redirect to.
      if (ex.host === undefined) return ex.respondError(400)
      ctx.counters.redirects++
      const location = redirectLocation(action.config, { protocol: ctx.protocol, host: hostName(ex.host), port: ctx.port, path: ex.path, query: ex.query })
      const body = cachedErrorPage(action.status)
      res.writeHead(action.status, reasonPhrase(action.status), ['Server', SERVER_HEADER, 'Location', location, 'Content-Type', 'text/html', 'Content-Length', String(body.length)])
      res.end(body)
      return
    }
  }
}

function onUpgrade(this: Server, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  tunnelUpgrade(contextOf(this), req, socket, head)
}

function onConnection(this: Server, socket: Socket): void {
  const ctx = contextOf(this)
  ctx.counters.newConnections++
  ctx.counters.activeConnections++
  ;(socket as Socket & WithContext)[kContext] = ctx
  socket.once('close', onSocketClose)
}

function onSocketClose(this: Socket): void {
  contextOf(this).counters.activeConnections--
}

/** node:http could not parse what the client sent (or it timed out): ALB's error page, then close. */
function onClientError(this: Server, error: Error & { code?: string; reason?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return
  }
  const status = clientErrorStatus(error)
  contextOf(this).counters.elbResponded(status)
  socket.end(rawErrorResponse(status))
}

/**
 * ALB's status for what node:http refused: 501 for a transfer coding other than chunked or
 * identity, 408 for a client too slow with its headers, 400 for the rest. llhttp gives one
 * code to "unsupported coding" and "both Content-Length and Transfer-Encoding" (a smuggling
 * attempt, a plain 400); only its reason text tells them apart.
 */
function clientErrorStatus(error: { code?: string; reason?: string }): number {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408
  if (error.code === 'HPE_INVALID_TRANSFER_ENCODING' && !/content-length/i.test(error.reason ?? '')) return 501
  return 400
}
