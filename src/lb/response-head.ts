/**
 * The head of an answer to a client, as node:http's ServerResponse framed it before the
 * proxy wrote its answers itself (so clients see the same bytes): the status line, the
 * headers the caller passes as text, `Date` when they carry none, the connection's fate
 * (`Connection: keep-alive` with `Keep-Alive: timeout=` the idle timeout, or `close`), and
 * the body's framing: the target's Content-Length as it is, else chunked to an HTTP/1.1
 * client, else (HTTP/1.0) the body runs until the connection closes. Pure.
 */

export interface ResponseFraming {
  /** The headers carry a Content-Length. */
  hasLength: boolean
  /** The headers carry a Date. */
  hasDate: boolean
  /** No body may follow: an answer to HEAD, a 204, a 304, a 1xx. */
  noBody: boolean
  /** The request was HTTP/1.1 (else 1.0). */
  http11: boolean
  /** The request let the connection stay open (HTTP/1.1 without `Connection: close`, or 1.0 with keep-alive). */
  keepAlive: boolean
  /** The listener's idle timeout, for `Keep-Alive: timeout=`. */
  idleMs: number
}

export interface ResponseHead {
  /** Status line, headers and the blank line, to be written as latin1. */
  text: string
  /** The body goes chunked (the caller frames each piece and ends with `0\r\n\r\n`). */
  chunked: boolean
  /** The connection closes once this answer is written. */
  close: boolean
}

export function responseHead(status: number, reason: string, headerText: string, f: ResponseFraming, date: string): ResponseHead {
  let text = `HTTP/1.1 ${status} ${reason}\r\n${headerText}`
  if (!f.hasDate) text += `Date: ${date}\r\n`
  // node:http's rule: keep-alive is announced only when the client will know where the body ends.
  let close = !(f.keepAlive && (f.hasLength || f.http11))
  text += close ? 'Connection: close\r\n' : `Connection: keep-alive\r\nKeep-Alive: timeout=${Math.floor(f.idleMs / 1000)}\r\n`
  let chunked = false
  if (!f.hasLength && !f.noBody) {
    if (f.http11) {
      chunked = true
      text += 'Transfer-Encoding: chunked\r\n'
    } else {
      close = true
    }
  }
  return { text: `${text}\r\n`, chunked, close }
}

/** True for statuses that carry no body whatever the headers say (RFC 9110 §6.4.1). */
export function bodiless(status: number, method: string): boolean {
  return status === 204 || status === 304 || status < 200 || method === 'HEAD'
}

let cachedDate: string | undefined

/** The Date header's value, made at most once a second (as node:http does). */
export function httpDate(): string {
  if (cachedDate === undefined) {
    const now = new Date()
    cachedDate = now.toUTCString()
    setTimeout(resetDate, 1000 - now.getMilliseconds()).unref()
  }
  return cachedDate
}

function resetDate(): void {
  cachedDate = undefined
}
