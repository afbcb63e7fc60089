import { readFileSync } from 'node:fs'
import type { AddressInfo, Server } from 'node:net'
import type { Server as TlsServer } from 'node:tls'
import type { ListenerConfig } from './config.js'
import type { ListenerContext } from './listener-context.js'
import { forwardedProtoPortLines } from './headers.js'
import { closeListener, createListenerServer } from './proxy.js'
import { nodeTlsSettings } from './tls-policy.js'

/**
 * Opening and closing listener sockets. What forces a new socket: the address, port,
 * protocol, certificate files or security policy. Everything else (rules, attributes) changes the listener's
 * context in place and keeps its connections.
 */
export function bindKey(c: ListenerConfig): string {
  const tls = c.certificate ? ` ${c.certificate.certFile} ${c.certificate.keyFile} ${c.tlsPolicy ? JSON.stringify(c.tlsPolicy) : ''}` : ''
  return `${c.protocol} ${c.address}:${c.port}${tls}`
}

/** Binds a listener; resolves with its server once it listens (ctx.port then says the bound port). */
export async function openListener(ctx: ListenerContext, config: ListenerConfig): Promise<Server> {
  let tls: { cert: Buffer; key: Buffer } | undefined
  if (config.protocol === 'HTTPS') {
    if (!config.certificate) throw new Error('an HTTPS listener needs a certificate')
    tls = { cert: readFileSync(config.certificate.certFile), key: readFileSync(config.certificate.keyFile) }
  }
  const server = createListenerServer(ctx, tls)
  // The security policy: the secure context is replaced whole (certificate and key again, with
  // the policy's protocol range and ciphers), before the socket accepts anyone.
  if (tls && config.tlsPolicy) (server as TlsServer).setSecureContext({ ...tls, ...nodeTlsSettings(config.tlsPolicy) })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host: config.address, port: config.port }, () => {
      server.off('error', reject)
      resolve()
    })
  })
  // A listening server that errors later (it should not) must not take the process down.
  server.on('error', () => {})
  const port = (server.address() as AddressInfo).port
  ctx.port = port
  ctx.forwardedProtoPort = forwardedProtoPortLines(ctx.protocol, port)
  return server
}

export { closeListener }
