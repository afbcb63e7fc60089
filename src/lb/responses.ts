import type { FixedResponseActionConfig, RedirectActionConfig } from './config.js'

/**
 * The answers the load balancer writes itself: its error pages (the same small HTML an ALB
 * serves, with `Server: awselb/2.0`), fixed responses and redirects. Bodies are built once.
 */

export const SERVER_HEADER = 'awselb/2.0'

const REASONS: Record<number, string> = {
  301: 'Moved Permanently',
  302: 'Found',
  400: 'Bad Request',
  405: 'Method Not Allowed',
  408: 'Request Time-out',
  413: 'Request Entity Too Large',
  414: 'Request-URI Too Large',
  463: 'X-Forwarded-For Header Too Long',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
}

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? 'Unknown'
}

/** ALB's error page for `status`. */
export function errorPage(status: number): Buffer {
  const title = `${status} ${reasonPhrase(status)}`
  return Buffer.from(`<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`)
}

const PAGES = new Map<number, Buffer>()

/** The page for `status`, built once. */
export function cachedErrorPage(status: number): Buffer {
  let page = PAGES.get(status)
  if (!page) PAGES.set(status, (page = errorPage(status)))
  return page
}

/** A whole raw HTTP/1.1 error response, for sockets node:http no longer manages (client errors, upgrades). */
export function rawErrorResponse(status: number): Buffer {
  const body = cachedErrorPage(status)
  const head = `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\nServer: ${SERVER_HEADER}\r\nDate: ${new Date().toUTCString()}\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`
  return Buffer.concat([Buffer.from(head, 'latin1'), body])
}

export interface FixedResponse {
  status: number
  headers: readonly string[]
  body: Buffer
}

/** A fixed-response action, ready to write: ALB's default content type is text/plain. */
export function compileFixedResponse(a: FixedResponseActionConfig): FixedResponse {
  const body = Buffer.from(a.messageBody ?? '')
  return { status: a.statusCode, body, headers: ['Server', SERVER_HEADER, 'Content-Type', a.contentType ?? 'text/plain', 'Content-Length', String(body.length)] }
}

/** What a redirect's placeholders stand for in one request. */
export interface RedirectSource {
  /** `http` or `https`: the listener's. */
  protocol: string
  /** The Host header's name, without port. */
  host: string
  /** The listener's port. */
  port: number
  /** The request path, with its leading `/`. */
  path: string
  /** The query without `?`, empty when none. */
  query: string
}

/**
 * The Location of a redirect action. Left-out components keep the request's (ALB's defaults
 * `#{protocol}`, `#{host}`, `#{port}`, `/#{path}`, `#{query}`); `#{path}` is the path without
 * its leading slash, so the default `/#{path}` is the path unchanged. The port is always
 * written, as ALB does (`https://example.com:443/`).
 */
export function redirectLocation(a: RedirectActionConfig, src: RedirectSource): string {
  const fill = (template: string) =>
    template
      .replace(/#\{protocol\}/gi, src.protocol)
      .replace(/#\{host\}/gi, src.host)
      .replace(/#\{port\}/gi, String(src.port))
      .replace(/#\{path\}/gi, src.path.replace(/^\//, ''))
      .replace(/#\{query\}/gi, src.query)
  const protocol = fill(a.protocol ?? '#{protocol}').toLowerCase()
  const host = fill(a.host ?? '#{host}')
  const port = fill(a.port ?? '#{port}')
  let path = fill(a.path ?? '/#{path}')
  if (!path.startsWith('/')) path = `/${path}`
  const query = fill(a.query ?? '#{query}')
  return `${protocol}://${host}:${port}${path}${query ? `?${query}` : ''}`
}

export function redirectStatus(a: RedirectActionConfig): 301 | 302 {
  return a.statusCode === 'HTTP_301' ? 301 : 302
}
