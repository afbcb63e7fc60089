import { createServer as createNetServer, type Server, type Socket } from 'node:net'
import { createServer as createTlsServer, type TLSSocket } from 'node:tls'
import { ClientConnection } from './client-connection.js'
import type { ListenerContext } from './listener-context.js'

/**
 * A listener's socket: a plain net.Server (tls.Server for HTTPS) whose connections speak
 * HTTP/1.1 through client-connection.ts, and what each request gets: forwarded to a target
 * (exchange.ts), a fixed response, a redirect, or ALB's own error (route-request.ts).
 */

const kContext = Symbol('listener-context')
const kSockets = Symbol('listener-sockets')
type ListenerServer = Server & { [kContext]: ListenerContext; [kSockets]: Set<Socket> }
type WithContext = { [kContext]: ListenerContext }

export interface ListenerTls {
  cert: Buffer
  key: Buffer
}

/** A server for one listener; `ctx` is read on every request, so `apply` changes routing and timeouts by updating it in place. */
export function createListenerServer(ctx: ListenerContext, tls: ListenerTls | undefined): Server {
  // Half-open: a client that sends its request and then shuts its side down still gets the answer.
  const options = { allowHalfOpen: true, noDelay: true }
  const server = (
    tls ? createTlsServer({ ...options, cert: tls.cert, key: tls.key, ALPNProtocols: ['http/1.1'] }, onSecureConnection) : createNetServer(options, onPlainConnection)
  ) as ListenerServer
  server[kContext] = ctx
  server[kSockets] = new Set()
  server.on('connection', onConnection)
  // A failed TLS handshake: nothing to answer in HTTP.
  if (tls) server.on('tlsClientError', onTlsClientError)
  return server
}

/** Stops accepting and drops the listener's connections, as deleting an ALB listener does. */
export function closeListener(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    for (const socket of (server as ListenerServer)[kSockets]) socket.destroy()
  })
}

/** Every TCP connection (before TLS, for HTTPS): counted, and tracked so closing the listener can drop it. */
function onConnection(this: ListenerServer, socket: Socket): void {
  const ctx = this[kContext]
  ctx.counters.newConnections++
  ctx.counters.activeConnections++
  ;(socket as Socket & WithContext)[kContext] = ctx
  this[kSockets].add(socket)
  socket.once('close', () => {
    ctx.counters.activeConnections--
    this[kSockets].delete(socket)
  })
}

function onPlainConnection(this: ListenerServer, socket: Socket): void {
  new ClientConnection(this[kContext], socket)
}

function onSecureConnection(this: ListenerServer, socket: TLSSocket): void {
  new ClientConnection(this[kContext], socket)
}

function onTlsClientError(_error: Error, socket: Socket): void {
  socket.destroy()
}
