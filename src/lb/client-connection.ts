import type { Socket } from 'node:net'
import { connectionDeadlines, type HasDeadline } from './deadlines.js'
import { Exchange, type ExchangeClient } from './exchange.js'
import { HTTPParser, kOnBody, kOnExecute, kOnHeaders, kOnHeadersComplete, kOnMessageComplete, METHOD_NAMES, PARSE_BODY, SKIP_BODY, UPGRADE, type NativeHttpParser } from './http-parser.js'
import { clientAddress } from './headers.js'
import type { ListenerContext } from './listener-context.js'
import { handleRequest } from './route-request.js'
import { rawErrorResponse, reasonPhrase } from './responses.js'
import { bodiless, httpDate, responseHead } from './response-head.js'
import { tunnelUpgrade } from './upgrade.js'

/**
 * One client connection to a listener: the proxy's own HTTP/1.1 server side. Requests are
 * parsed by node's native parser (http-parser.ts) straight from the socket's reads, and
 * answers are written to the socket as text and bytes: no IncomingMessage, ServerResponse or
 * stream per request, no timer per request (the connection's deadline is a number swept with
 * the upstream ones, deadlines.ts). It keeps node:http's behaviour towards clients: the same
 * response framing (response-head.ts), keep-alive, HTTP/1.0, `Expect: 100-continue`, and
 * ALB's 400 (501, 408) pages for what cannot be parsed.
 *
 * One request is answered at a time. Requests a client pipelines behind the one in flight
 * are parsed and queued with their bodies (reading stops while any wait), then answered in
 * order; an unparsable one in that queue is answered with its error page in its turn.
 */

/** ALB accepts 64 KB of request headers in all (node's default is 16 KB). */
export const MAX_HEADER_BYTES = 64 * 1024
/** An answer with a body up to this size goes out with its head in one buffer (one write); larger ones go as two writes under cork. */
const COALESCE_BYTES = 16 * 1024
/** node:http's default `headersTimeout`: a request's head must be complete this long after its first byte (else 408). */
const HEADERS_TIMEOUT_MS = 60_000
const CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1')
const LAST_CHUNK = '0\r\n\r\n'

/** A request read while another is in flight: parsed, waiting its turn with what arrived of its body. */
interface Queued {
  ex: Exchange | null
  /** Set instead of `ex` for a request that could not be parsed: its error page is the answer. */
  errorStatus: number
  body: Buffer[]
  complete: boolean
  /** For an upgrade: the bytes after its head. */
  upgradeHead: Buffer | null
}

const kConn = Symbol('client-connection')
type Tagged<T> = T & { [kConn]: ClientConnection }

/** A socket's native stream (node:net's `_handle`), as node:http's server drives it when its parser consumes the socket. */
interface StreamHandle {
  isStreamBase?: boolean
  _consumed?: boolean
  reading: boolean
  readStart(): number
  readStop(): number
}

export class ClientConnection implements HasDeadline, ExchangeClient {
  /** Written by the connection itself whenever bytes move or its state changes. */
  deadline = Infinity
  readonly ctx: ListenerContext
  /** The client's address as ALB forwards it, read once per connection. */
  readonly sourceIp: string
  readonly #socket: Tagged<Socket>
  readonly #parser: Tagged<NativeHttpParser>
  /** The socket's native stream while the parser reads from it directly (null: reads come as 'data' events). */
  #handle: StreamHandle | null = null
  /** A request head completed in the read being parsed. */
  #sawHead = false

  /** The request being answered. */
  #current: Exchange | null = null
  #requestComplete = false
  #responseStarted = false
  #responseDone = false
  /** The answer's framing, decided with its head. */
  #chunked = false
  #closeAfter = false
  /** An answer's head not written yet: it goes out with the first body bytes (or the end). */
  #pendingHead: string | null = null
  /** A queue entry whose body the parser is reading now (else bodies go to `#current`). */
  #parsing: Queued | null = null
  readonly #queue: Queued[] = []
  /** Set inside the parser's callback; the tunnel starts once `execute` returns the head's length. */
  #upgrade: Exchange | null = null
  #headerParts: string[] | null = null
  #urlParts = ''
  /** Bytes of a request head have arrived and its head is not complete (for 408 and the headers timeout). */
  #inHead = false
  #headStartedAt = 0
  #paused = false
  #clientEnded = false
  #closed = false
  #advancing = false

  constructor(ctx: ListenerContext, socket: Socket) {
    this.ctx = ctx
    this.sourceIp = clientAddress(socket.remoteAddress)
    const s = socket as Tagged<Socket>
    s[kConn] = this
    s.on('data', onSocketData)
    s.on('end', onSocketEnd)
    s.on('error', onSocketError)
    s.on('close', onSocketClose)
    s.on('drain', onSocketDrain)
    this.#socket = s
    const parser = new HTTPParser() as Tagged<NativeHttpParser>
    parser.initialize(HTTPParser.REQUEST, {}, MAX_HEADER_BYTES, 0)
    parser[kConn] = this
    parser[kOnHeaders] = onParserHeaders
    parser[kOnHeadersComplete] = onParserHeadersComplete
    parser[kOnBody] = onParserBody
    parser[kOnMessageComplete] = onParserMessageComplete
    this.#parser = parser
    // As node:http's server does: the parser reads from the socket's stream in C++, into one
    // buffer for all; each read's result comes to kOnExecute. 'end' and errors still come
    // as socket events. A socket without a native stream is read through 'data' events.
    const handle = (socket as unknown as { _handle?: StreamHandle | null })._handle
    if (handle?.isStreamBase === true && handle._consumed !== true) {
      handle._consumed = true
      parser.consume(handle)
      parser[kOnExecute] = onParserExecute
      this.#handle = handle
    }
    this.deadline = performance.now() + ctx.idleMs
    connectionDeadlines.add(this)
  }

  // ───────────── answers (called by the exchange being answered) ─────────────

  /** A whole answer the load balancer writes itself (error page, fixed response, redirect). */
  respond(ex: Exchange, status: number, headers: readonly string[], body: Buffer): void {
    if (ex !== this.#current || this.#responseStarted) return
    let text = ''
    for (let i = 0; i < headers.length; i += 2) text += `${headers[i]}: ${headers[i + 1]}\r\n`
    this.startResponse(ex, status, reasonPhrase(status), text, true, false)
    this.endResponse(ex, bodiless(status, ex.method) ? null : body)
  }

  /** The head of an answer: held until its first body bytes or its end, so a small answer is one write. */
  startResponse(ex: Exchange, status: number, reason: string, headerText: string, hasLength: boolean, hasDate: boolean): void {
    if (ex !== this.#current || this.#responseStarted) return
    this.#responseStarted = true
    const head = responseHead(status, reason, headerText, { hasLength, hasDate, noBody: bodiless(status, ex.method), http11: ex.http11, keepAlive: ex.keepAlive, idleMs: this.ctx.idleMs }, httpDate())
    this.#pendingHead = head.text
    this.#chunked = head.chunked
    this.#closeAfter = head.close || this.#closeAfter
  }

  /** A piece of the answer's body; false when the socket's buffer is full (the exchange waits for `resumeUpstream`). */
  writeBody(ex: Exchange, chunk: Buffer): boolean {
    if (ex !== this.#current || this.#responseDone || this.#closed) return true
    this.deadline = performance.now() + this.ctx.idleMs + 1000
    return this.#write(chunk, false)
  }

  /** The answer is complete; `last` is its final piece when not yet written. */
  endResponse(ex: Exchange, last: Buffer | null): void {
    if (ex !== this.#current || this.#responseDone) return
    this.#responseDone = true
    if (!this.#closed) this.#write(last, true)
    this.#next()
  }

  /** The answer cannot be completed (its target failed after the head): the client sees it cut short. */
  cut(ex: Exchange): void {
    if (ex === this.#current) this.#socket.destroy()
  }

  /** Stops reading the request body (the target's socket is full) until `resumeRequest`. */
  pauseRequest(ex: Exchange): void {
    if (ex === this.#current) this.#pause()
  }

  resumeRequest(ex: Exchange): void {
    if (ex !== this.#current) return
    this.#resume()
  }

  /** `100 Continue` for a client that waits for it before sending its body. */
  writeContinue(ex: Exchange): void {
    if (ex === this.#current && !this.#responseStarted && !this.#closed) this.#socket.write(CONTINUE)
  }

  /**
   * Writes `chunk` (null: nothing) with the pending head in front and the chunked framing
   * around it, and the last chunk after it when `end`; one write for a small answer.
   */
  #write(chunk: Buffer | null, end: boolean): boolean {
    const socket = this.#socket
    const head = this.#pendingHead
    this.#pendingHead = null
    const size = chunk === null ? 0 : chunk.length
    let pre = head ?? ''
    let post = ''
    if (this.#chunked) {
      if (size > 0) {
        pre += `${size.toString(16)}\r\n`
        post = end ? `\r\n${LAST_CHUNK}` : '\r\n'
      } else if (end) {
        pre += LAST_CHUNK
      }
    }
    if (size === 0) return pre.length === 0 ? true : socket.write(pre, 'latin1')
    if (pre.length === 0 && post.length === 0) return socket.write(chunk!)
    if (size <= COALESCE_BYTES) {
      const buf = Buffer.allocUnsafe(pre.length + size + post.length)
      buf.write(pre, 0, 'latin1')
      chunk!.copy(buf, pre.length)
      if (post.length > 0) buf.write(post, pre.length + size, 'latin1')
      return socket.write(buf)
    }
    socket.cork()
    if (pre.length > 0) socket.write(pre, 'latin1')
    let more = socket.write(chunk!)
    if (post.length > 0) more = socket.write(post, 'latin1')
    socket.uncork()
    return more
  }

  // ───────────── requests, in order ─────────────

  /** The answer to the current request is written and its request read: the next one's turn, or the end. */
  #next(): void {
    if (this.#advancing) return
    this.#advancing = true
    while (this.#current !== null && this.#responseDone && this.#requestComplete) {
      this.#current = null
      if (this.#closeAfter || this.#closed) {
        this.#closeSoon()
        break
      }
      const q = this.#queue.shift()
      if (q === undefined) {
        if (this.#clientEnded) this.#closeSoon()
        else {
          this.deadline = performance.now() + this.ctx.idleMs
          this.#resume()
        }
        break
      }
      this.#startQueued(q)
    }
    this.#advancing = false
  }

  #startQueued(q: Queued): void {
    if (this.#parsing === q) this.#parsing = null
    if (q.ex === null) {
      this.#closeAfter = true
      this.#answerError(q.errorStatus)
      return
    }
    if (q.upgradeHead !== null) return this.#tunnel(q.ex, q.upgradeHead)
    // Only the last request queued can still be arriving: read the rest of its body.
    if (!q.complete) this.#resume()
    this.#begin(q.ex, q.complete)
    for (const chunk of q.body) q.ex.requestData(chunk)
    if (q.complete) q.ex.requestEnd()
  }

  /** Makes `ex` the request being answered and routes it. */
  #begin(ex: Exchange, complete: boolean): void {
    this.#current = ex
    this.#requestComplete = complete
    this.#responseStarted = false
    this.#responseDone = false
    this.#chunked = false
    this.deadline = performance.now() + this.ctx.idleMs + 1000
    handleRequest(this.ctx, ex)
  }

  /** An answer with no request behind it (a request that could not be parsed): the page, and the connection closes. */
  #answerError(status: number): void {
    this.ctx.counters.elbResponded(status)
    this.#closeAfter = true
    if (!this.#closed) this.#socket.end(rawErrorResponse(status))
    this.#closed = true
    this.#resume()
  }

  /**
   * Ends the connection once what is written has gone out. Reading goes on, so the client's
   * own close is seen (what it still sends is parsed no further: every callback checks
   * `#closed`); a client that never closes is dropped by the deadline.
   */
  #closeSoon(): void {
    this.#closed = true
    this.#socket.end()
    this.deadline = performance.now() + this.ctx.idleMs
    this.#resume()
  }

  #resume(): void {
    if (!this.#paused) return
    this.#paused = false
    const h = this.#handle
    if (h === null) this.#socket.resume()
    else if (!h.reading && !this.#socket.destroyed) {
      h.reading = true
      h.readStart()
    }
  }

  #pause(): void {
    if (this.#paused) return
    this.#paused = true
    const h = this.#handle
    if (h === null) this.#socket.pause()
    else if (h.reading && !this.#socket.destroyed) {
      h.reading = false
      h.readStop()
    }
  }

  // ───────────── socket events ─────────────

  data(chunk: Buffer): void {
    if (this.#closed) return
    this.executed(this.#parser.execute(chunk), chunk)
  }

  /** What the parser made of one read (`chunk`: the read, when it came as a 'data' event). */
  executed(r: number | Error, chunk: Buffer | null): void {
    if (this.#closed) return
    const now = performance.now()
    // Bytes of a request head that did not complete it: its timeout runs from the first of them.
    if (!this.#sawHead && !this.#inHead && this.#current === null && this.#queue.length === 0) {
      this.#inHead = true
      this.#headStartedAt = now
    }
    this.#sawHead = false
    this.deadline = this.#inHead ? Math.min(now + this.ctx.idleMs + 1000, this.#headStartedAt + HEADERS_TIMEOUT_MS) : now + this.ctx.idleMs + 1000
    if (r instanceof Error) return this.#parseError(r as Error & { code?: string; reason?: string })
    const upgrade = this.#upgrade
    if (upgrade !== null) {
      this.#upgrade = null
      const head = (chunk ?? this.#parser.getCurrentBuffer()).subarray(r)
      if (this.#current === null) this.#tunnel(upgrade, head)
      else {
        this.#queue.push({ ex: upgrade, errorStatus: 0, body: [], complete: true, upgradeHead: head })
        this.#pause()
      }
    }
  }

  ended(): void {
    if (this.#closed) return
    this.#clientEnded = true
    const r = this.#parser.finish()
    if (r instanceof Error) return this.#parseError(r as Error & { code?: string; reason?: string })
    if (this.#current === null && this.#queue.length === 0) this.#closeSoon()
  }

  errored(): void {
    this.#socket.destroy()
  }

  closed(): void {
    this.#closed = true
    connectionDeadlines.delete(this)
    const ex = this.#current
    this.#current = null
    this.#queue.length = 0
    ex?.clientClosed()
    this.#unconsume()
    // Not from inside the parser's own callback: node:http defers it the same way.
    setImmediate(closeParser, this.#parser)
  }

  drained(): void {
    this.#current?.resumeUpstream()
  }

  expire(): void {
    if (this.#closed || this.#current !== null || this.#queue.length > 0 || !this.#inHead) {
      this.#socket.destroy()
      return
    }
    // A request head begun and not finished in time: ALB's 408.
    this.#answerError(408)
    this.deadline = performance.now() + 1000
  }

  /** Gives the socket's reads back to node:net (a tunnel reads it as a stream; a closed socket has nothing left). */
  #unconsume(): void {
    const h = this.#handle
    if (h === null) return
    this.#handle = null
    this.#parser.unconsume()
    h._consumed = false
    // Reading stopped here restarts through the stream, when the tunnel reads.
    if (!h.reading) this.#paused = false
  }

  // ───────────── parser callbacks ─────────────

  headerPart(headers: string[], url: string): void {
    const parts = (this.#headerParts ??= [])
    for (const h of headers) parts.push(h)
    this.#urlParts += url
  }

  headersComplete(major: number, minor: number, headers: string[] | undefined, method: number, url: string | undefined, upgrade: boolean, keepAlive: boolean): number {
    // Requests after the connection's last answer (behind `Connection: close`) are not served.
    if (this.#closed) return SKIP_BODY
    const raw = headers ?? this.#headerParts ?? []
    const target = url ?? this.#urlParts
    this.#headerParts = null
    this.#urlParts = ''
    this.#inHead = false
    this.#sawHead = true
    const name = METHOD_NAMES[method] ?? 'GET'
    const ex = new Exchange(this.ctx, this, name, target, raw, major === 1 && minor === 1, keepAlive, upgrade)
    if (upgrade) {
      // CONNECT: node:http closes the connection when no one handles it, and so does the proxy.
      if (name === 'CONNECT') {
        this.#closed = true
        this.#socket.destroy()
        return UPGRADE
      }
      this.#upgrade = ex
      return UPGRADE
    }
    if (this.#current === null && this.#queue.length === 0) {
      this.#begin(ex, false)
    } else {
      const q: Queued = { ex, errorStatus: 0, body: [], complete: false, upgradeHead: null }
      this.#queue.push(q)
      this.#parsing = q
      this.#pause()
    }
    return PARSE_BODY
  }

  body(chunk: Buffer): void {
    if (this.#closed) return
    const q = this.#parsing
    if (q !== null) q.body.push(chunk)
    else this.#current?.requestData(chunk)
  }

  messageComplete(): void {
    if (this.#closed) return
    this.#inHead = false
    const q = this.#parsing
    if (q !== null) {
      q.complete = true
      this.#parsing = null
      return
    }
    const ex = this.#current
    if (ex === null || this.#requestComplete) return
    this.#requestComplete = true
    ex.requestEnd()
    this.#next()
  }

  /**
   * What the client sent cannot be parsed: ALB's page for it (400; 501 for a transfer coding
   * it does not support), then the connection closes. In the middle of the request being
   * answered, that request is given up; after it, the page waits its turn.
   */
  #parseError(error: Error & { code?: string; reason?: string }): void {
    const status = clientErrorStatus(error)
    this.#pause()
    const q = this.#parsing
    if (q !== null) {
      this.#parsing = null
      q.ex = null
      q.errorStatus = status
      return
    }
    const ex = this.#current
    if (ex !== null && this.#requestComplete) {
      this.#queue.push({ ex: null, errorStatus: status, body: [], complete: true, upgradeHead: null })
      return
    }
    if (ex !== null) {
      this.#current = null
      ex.clientClosed()
      if (this.#responseStarted) {
        this.#closed = true
        this.#socket.destroy()
        return
      }
    }
    if (error.code === 'ECONNRESET') {
      this.#socket.destroy()
      return
    }
    this.#answerError(status)
  }

  /** An upgrade's turn: the socket leaves HTTP and becomes a tunnel to a target (upgrade.ts). */
  #tunnel(ex: Exchange, head: Buffer): void {
    this.#closed = true
    connectionDeadlines.delete(this)
    const socket = this.#socket
    socket.off('data', onSocketData)
    socket.off('end', onSocketEnd)
    socket.off('drain', onSocketDrain)
    socket.off('error', onSocketError)
    this.#unconsume()
    this.#resume()
    tunnelUpgrade(this.ctx, ex, socket, head)
  }

}

/**
 * ALB's status for what the parser refused: 501 for a transfer coding other than chunked or
 * identity, 400 for the rest (headers past 64 KB included, as ALB answers them). llhttp gives
 * one code to "unsupported coding" and "both Content-Length and Transfer-Encoding" (a
 * smuggling attempt, a plain 400); only its reason text tells them apart.
 */
export function clientErrorStatus(error: { code?: string; reason?: string }): number {
  if (error.code === 'HPE_INVALID_TRANSFER_ENCODING' && !/content-length/i.test(error.reason ?? '')) return 501
  return 400
}

function closeParser(parser: NativeHttpParser): void {
  parser.remove()
  parser.close()
}

// Socket and parser events reach their connection through a symbol: no closure per connection.
function onSocketData(this: Tagged<Socket>, chunk: Buffer): void {
  this[kConn].data(chunk)
}
function onSocketEnd(this: Tagged<Socket>): void {
  this[kConn].ended()
}
function onSocketError(this: Tagged<Socket>): void {
  this[kConn].errored()
}
function onSocketClose(this: Tagged<Socket>): void {
  this[kConn].closed()
}
function onSocketDrain(this: Tagged<Socket>): void {
  this[kConn].drained()
}
function onParserExecute(this: Tagged<NativeHttpParser>, r: number | Error): void {
  this[kConn].executed(r, null)
}
function onParserHeaders(this: Tagged<NativeHttpParser>, headers: string[], url: string): void {
  this[kConn].headerPart(headers, url)
}
function onParserHeadersComplete(
  this: Tagged<NativeHttpParser>,
  versionMajor: number,
  versionMinor: number,
  headers: string[] | undefined,
  method: number,
  url: string | undefined,
  _status: unknown,
  _statusText: unknown,
  upgrade: boolean,
  keepAlive: boolean,
): number {
  return this[kConn].headersComplete(versionMajor, versionMinor, headers, method, url, upgrade, keepAlive)
}
function onParserBody(this: Tagged<NativeHttpParser>, chunk: Buffer): void {
  this[kConn].body(chunk)
}
function onParserMessageComplete(this: Tagged<NativeHttpParser>): void {
  this[kConn].messageComplete()
}
