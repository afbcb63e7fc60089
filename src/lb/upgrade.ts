import { connect as netConnect, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { connect as tlsConnect } from 'node:tls'
import type { Exchange } from './exchange.js'
import type { ListenerContext } from './listener-context.js'
import { rawErrorResponse, reasonPhrase, redirectLocation, SERVER_HEADER, cachedErrorPage } from './responses.js'
import { hostName, matchRule } from './rules.js'
import type { TargetRuntime } from './target-groups.js'

/**
 * Upgrade requests (WebSockets): matched to a rule like any request, then a raw TCP tunnel to
 * the chosen target. The request head is written with the forwarded headers; whatever the
 * target answers (101, or a refusal) goes back byte for byte, and from then on bytes flow
 * both ways until either side closes or the idle timeout passes with no traffic. "WebSockets
 * connections are inherently sticky": the tunnel stays on its target, and counts as one
 * in-flight request there until it closes, so a draining target keeps it until the end.
 */

/** ALB's connect timeout (then 504). */
const CONNECT_TIMEOUT_MS = 10_000

/** `client` is the client's socket, left by its HTTP connection (client-connection.ts); `head` is what it sent after the request head. */
export function tunnelUpgrade(ctx: ListenerContext, ex: Exchange, client: Socket, head: Buffer): void {
  ctx.counters.requests++
  const action = matchRule(ctx.table, ex).action
  if (action.kind === 'fixed-response') {
    ctx.counters.fixedResponses++
    const r = action.response
    return endWith(client, rawResponse(r.status, r.headers, r.body))
  }
  if (action.kind === 'redirect') {
    if (ex.host === undefined) return refuse(ex, client, 400)
    ctx.counters.redirects++
    const location = redirectLocation(action.config, { protocol: ctx.protocol, host: hostName(ex.host), port: ctx.port, path: ex.path, query: ex.query })
    const body = cachedErrorPage(action.status)
    return endWith(client, rawResponse(action.status, ['Server', SERVER_HEADER, 'Location', location, 'Content-Type', 'text/html', 'Content-Length', String(body.length)], body))
  }
  const target = ex.chooseTarget(action)
  if (!target) return endWith(client, rawErrorResponse(503))
  openTunnel(ctx, ex, target, client, head)
}

function openTunnel(ctx: ListenerContext, ex: Exchange, target: TargetRuntime, client: Socket, head: Buffer): void {
  const { address, port } = target.config
  const upstream: Socket =
    target.group.config.protocol === 'HTTPS' ? tlsConnect({ host: address, port, rejectUnauthorized: false, servername: '' }) : netConnect({ host: address, port })
  target.tunnels.add(upstream)
  const started = performance.now()
  let answered = false
  let closed = false
  const close = () => {
    if (closed) return
    closed = true
    target.tunnels.delete(upstream)
    upstream.destroy()
    client.destroy()
    ex.release()
  }
  upstream.setTimeout(CONNECT_TIMEOUT_MS)
  upstream.once(target.group.config.protocol === 'HTTPS' ? 'secureConnect' : 'connect', () => {
    upstream.setTimeout(ctx.idleMs)
    upstream.write(requestHead(ex))
    if (head.length > 0) upstream.write(head)
    upstream.once('data', (chunk: Buffer) => {
      answered = true
      // "HTTP/1.1 101 ..." : the status for the counters, from the first bytes.
      const status = Number(chunk.toString('latin1', 9, 12))
      if (Number.isInteger(status)) ex.targetResponded(status, performance.now() - started)
    })
    upstream.pipe(client)
    client.pipe(upstream)
  })
  upstream.on('timeout', () => {
    if (!answered && !closed) {
      ex.countError(504)
      client.end(rawErrorResponse(504))
    }
    close()
  })
  upstream.on('error', (error: Error & { code?: string }) => {
    if (!answered && !closed) {
      if (error.code === 'ECONNREFUSED') ex.countConnectionError()
      ex.countError(502)
      client.end(rawErrorResponse(502))
    }
    close()
  })
  upstream.on('close', close)
  client.setTimeout(ctx.idleMs + 1000)
  client.on('timeout', close)
  client.on('error', close)
  client.on('close', close)
}

/** The request line and headers for the target: the forwarded ones, plus the upgrade itself. */
function requestHead(ex: Exchange): string {
  return `${ex.method} ${ex.url} HTTP/1.1\r\n${ex.headText}Connection: Upgrade\r\nUpgrade: ${ex.upgrade ?? 'websocket'}\r\n\r\n`
}

function rawResponse(status: number, headers: readonly string[], body: Buffer): Buffer {
  let text = `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\n`
  for (let i = 0; i < headers.length; i += 2) text += `${headers[i]}: ${headers[i + 1]}\r\n`
  return Buffer.concat([Buffer.from(`${text}Connection: close\r\n\r\n`, 'latin1'), body])
}

function refuse(ex: Exchange, client: Duplex, status: number): void {
  ex.countError(status)
  endWith(client, rawErrorResponse(status))
}

function endWith(client: Duplex, bytes: Buffer): void {
  client.on('error', () => client.destroy())
  client.end(bytes)
}
