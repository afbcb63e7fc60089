import { connect as netConnect, isIP, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import { connectionDeadlines, type HasDeadline } from './deadlines.js'
import { HTTPParser, kOnBody, kOnHeaders, kOnHeadersComplete, kOnMessageComplete, PARSE_BODY, SKIP_BODY, type NativeHttpParser } from './http-parser.js'

/**
 * The proxy's HTTP/1.1 client towards one target: a keep-alive pool of connections, one
 * request at a time on each (no pipelining), the most recently used idle connection first.
 * The request head is one string written in one call; the answer is parsed by node's native
 * parser (http-parser.ts) and handed to the request's handler (the Exchange) as status,
 * header list and body chunks, with backpressure both ways. Every wait is bounded by a
 * deadline on the connection (deadlines.ts): 10 s to connect, then the listener's idle
 * timeout between bytes; an idle connection is kept 4 s, or a second less than the target's
 * own `Keep-Alive: timeout=`.
 *
 * Per request this allocates nothing but the head string and the parser's header array: the
 * connection, its socket listeners and its parser callbacks are made once per connection.
 */

/** ALB gives up connecting after 10 s (then 504). */
export const CONNECT_TIMEOUT_MS = 10_000
/** An idle connection is kept this long when the target does not say how long it keeps it. */
export const DEFAULT_KEEP_ALIVE_MS = 4_000
/** A target's Keep-Alive hint is trusted up to this long. */
const MAX_KEEP_ALIVE_MS = 600_000
/** Closed this much before the target's own keep-alive timeout, so its closing is not raced. */
const KEEP_ALIVE_MARGIN_MS = 1_000

/** Why a request to a target failed: the exchange turns these into 502 / 504 and counters. */
export type UpstreamFailure = 'refused' | 'unreachable' | 'connect-timeout' | 'timeout' | 'reset' | 'garbled'

/** What receives a target's answer (the Exchange). Called on the connection's socket events. */
export interface UpstreamHandler {
  /** The final answer's status and headers ([name, value, ...] as the target sent them; 1xx are not passed on). */
  onUpstreamHeaders(status: number, statusText: string, headers: string[]): void
  /** A chunk of the answer's body; false asks for a pause until `resume()`. */
  onUpstreamData(chunk: Buffer): boolean
  /** The answer is complete; `last` is its final body chunk when not yet passed on (most small answers: so one `end(last)` writes it all). */
  onUpstreamComplete(last: Buffer | null): void
  /** The request failed; nothing more comes for it. */
  onUpstreamError(failure: UpstreamFailure): void
  /** The target's socket took the body written so far: more may be written. */
  onUpstreamDrain(): void
}

const enum State {
  Connecting = 0,
  Active = 1,
  Idle = 2,
  Closed = 3,
}

/** What every plain upstream socket reads into: a read is parsed before the next one is made. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024)

const kConnection = Symbol('upstream-connection')
type Tagged<T> = T & { [kConnection]: UpstreamConnection }

export class UpstreamConnection implements HasDeadline {
  /** Written by the connection itself on every transition and on every byte moved. */
  deadline = Infinity
  readonly #pool: UpstreamPool
  readonly #socket: Tagged<Socket>
  readonly #parser: Tagged<NativeHttpParser>
  #state = State.Connecting
  #connected = false
  #handler: UpstreamHandler | null = null
  #idleMs = 0
  #skipBody = false
  #interim = false
  #requestDone = false
  #keepAlive = false
  #keepAliveMs = DEFAULT_KEEP_ALIVE_MS
  #paused = false
  #headerParts: string[] | undefined
  /** The latest body chunk, held until the parser is done with the bytes read: the last one goes out with the end. */
  #held: Buffer | null = null

  constructor(pool: UpstreamPool) {
    this.#pool = pool
    const { protocol, address, port } = pool
    // A plain socket reads into the process's one read buffer (no Buffer and no stream event per
    // read: the parser copies what it keeps); TLS sockets do not take `onread`.
    const socket = (
      protocol === 'HTTPS'
        ? tlsConnect({ host: address, port, rejectUnauthorized: false, ...(isIP(address) ? {} : { servername: address }) })
        : netConnect({ host: address, port, onread: { buffer: READ_BUFFER, callback: onSocketRead } })
    ) as Tagged<Socket>
    socket[kConnection] = this
    socket.setNoDelay(true)
    socket.setKeepAlive(true, 60_000)
    socket.on(protocol === 'HTTPS' ? 'secureConnect' : 'connect', onSocketConnect)
    if (protocol === 'HTTPS') socket.on('data', onSocketData)
    socket.on('end', onSocketEnd)
    socket.on('error', onSocketError)
    socket.on('close', onSocketClose)
    socket.on('drain', onSocketDrain)
    this.#socket = socket
    const parser = new HTTPParser() as Tagged<NativeHttpParser>
    parser.initialize(HTTPParser.RESPONSE, {}, 0, 0)
    parser[kConnection] = this
    parser[kOnHeaders] = onParserHeaders
    parser[kOnHeadersComplete] = onParserHeadersComplete
    parser[kOnBody] = onParserBody
    parser[kOnMessageComplete] = onParserMessageComplete
    this.#parser = parser
    this.deadline = performance.now() + CONNECT_TIMEOUT_MS
    connectionDeadlines.add(this)
  }

  /** Sends a request head (request line, headers, blank line); a body follows through `writeBody`/`endBody` when `bodyFollows`. */
  start(handler: UpstreamHandler, head: string, bodyFollows: boolean, skipBody: boolean, idleMs: number): void {
    this.#handler = handler
    this.#idleMs = idleMs
    this.#skipBody = skipBody
    this.#requestDone = !bodyFollows
    if (this.#state === State.Idle) {
      this.#state = State.Active
      this.deadline = performance.now() + idleMs
    }
    this.#socket.write(head, 'latin1')
  }

  /** A chunk of the request body; false when the socket's buffer is full (wait for onUpstreamDrain). */
  writeBody(chunk: Buffer, chunked: boolean): boolean {
    const socket = this.#socket
    if (this.#state === State.Active) this.deadline = performance.now() + this.#idleMs
    if (!chunked) return socket.write(chunk)
    socket.cork()
    socket.write(`${chunk.length.toString(16)}\r\n`, 'latin1')
    socket.write(chunk)
    const more = socket.write('\r\n', 'latin1')
    socket.uncork()
    return more
  }

  endBody(chunked: boolean): void {
    if (chunked) this.#socket.write('0\r\n\r\n', 'latin1')
    this.#requestDone = true
  }

  /** The handler can take more of the answer. */
  resume(): void {
    if (!this.#paused) return
    this.#paused = false
    if (this.#state === State.Active) this.deadline = performance.now() + this.#idleMs
    this.#socket.resume()
  }

  /** The handler gives up (its client left): the connection cannot be reused mid-answer. */
  abort(): void {
    this.#handler = null
    this.#held = null
    this.#close()
  }

  /** Closes the connection; a request on it fails with `reset`. */
  destroy(): void {
    this.#fail('reset')
  }

  get idle(): boolean {
    return this.#state === State.Idle
  }

  expire(): void {
    if (this.#state === State.Idle) this.#close()
    else this.#fail(this.#connected ? 'timeout' : 'connect-timeout')
  }

  // ───────────── socket events ─────────────

  connected(): void {
    this.#connected = true
    if (this.#state === State.Connecting) {
      this.#state = State.Active
      this.deadline = performance.now() + this.#idleMs
    }
  }

  data(chunk: Buffer): void {
    if (this.#handler === null) {
      // Bytes nobody asked for (on an idle connection): the connection cannot be trusted.
      this.#close()
      return
    }
    this.deadline = performance.now() + this.#idleMs
    const r = this.#parser.execute(chunk)
    if (r instanceof Error) return this.#fail('garbled')
    const held = this.#held
    if (held !== null) {
      this.#held = null
      this.#deliver(held)
    }
  }

  ended(): void {
    // An answer that runs until the connection closes completes here; a cut one is an error.
    if (this.#handler !== null) this.#parser.finish()
    if (this.#handler !== null) this.#fail('reset')
    else this.#close()
  }

  errored(error: Error & { code?: string }): void {
    const code = error.code
    this.#fail(code === 'ECONNREFUSED' ? 'refused' : code === 'EHOSTUNREACH' || code === 'ENETUNREACH' ? 'unreachable' : 'reset')
  }

  closed(): void {
    if (this.#handler !== null) this.#fail('reset')
    this.#close()
  }

  drained(): void {
    this.#handler?.onUpstreamDrain()
  }

  // ───────────── parser callbacks ─────────────

  headerPart(headers: string[]): void {
    ;(this.#headerParts ??= []).push(...headers)
  }

  headersComplete(headers: string[] | undefined, status: number, statusText: string, keepAlive: boolean): number {
    const all = headers ?? this.#headerParts ?? []
    this.#headerParts = undefined
    // An interim answer (103 Early Hints, a 100 the client did not ask for): the final one follows.
    if (status < 200) {
      this.#interim = true
      return SKIP_BODY
    }
    this.#keepAlive = keepAlive
    this.#keepAliveMs = keepAliveMs(all)
    this.#handler?.onUpstreamHeaders(status, statusText, all)
    return this.#skipBody ? SKIP_BODY : PARSE_BODY
  }

  body(chunk: Buffer): void {
    const held = this.#held
    this.#held = chunk
    if (held !== null) this.#deliver(held)
  }

  #deliver(chunk: Buffer): void {
    const handler = this.#handler
    if (handler !== null && !handler.onUpstreamData(chunk) && !this.#paused) {
      this.#paused = true
      this.deadline = Infinity
      this.#socket.pause()
    }
  }

  messageComplete(): void {
    if (this.#interim) {
      this.#interim = false
      return
    }
    const handler = this.#handler
    const last = this.#held
    this.#handler = null
    this.#held = null
    handler?.onUpstreamComplete(last)
    if (this.#keepAlive && this.#requestDone && this.#keepAliveMs > 0 && this.#state === State.Active && this.#pool.release(this)) {
      this.#state = State.Idle
      this.deadline = performance.now() + this.#keepAliveMs
      if (this.#paused) {
        this.#paused = false
        this.#socket.resume()
      }
    } else {
      this.#close()
    }
  }

  #fail(failure: UpstreamFailure): void {
    const handler = this.#handler
    this.#handler = null
    this.#held = null
    this.#close()
    handler?.onUpstreamError(failure)
  }

  #close(): void {
    if (this.#state === State.Closed) return
    this.#state = State.Closed
    this.deadline = Infinity
    connectionDeadlines.delete(this)
    this.#pool.forget(this)
    this.#socket.destroy()
    // Not from inside the parser's own callback: node:http defers it the same way.
    setImmediate(closeParser, this.#parser)
  }
}

/** How long an idle connection may be kept, from the answer's Keep-Alive header (0: not at all). */
export function keepAliveMs(headers: readonly string[]): number {
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i]!
    if (name.length !== 10 || name.toLowerCase() !== 'keep-alive') continue
    const value = headers[i + 1]!
    if (value === lastKeepAlive.value) return lastKeepAlive.ms
    const m = /timeout=\s*(\d+)/i.exec(value)
    if (!m) continue
    const ms = Math.min(MAX_KEEP_ALIVE_MS, Number(m[1]) * 1000 - KEEP_ALIVE_MARGIN_MS)
    lastKeepAlive = { value, ms: ms < 1000 ? 0 : ms }
    return lastKeepAlive.ms
  }
  return DEFAULT_KEEP_ALIVE_MS
}
/** A target sends the same Keep-Alive value every time: the last one read is remembered. */
let lastKeepAlive = { value: '', ms: DEFAULT_KEEP_ALIVE_MS }

export class UpstreamPool {
  readonly protocol: 'HTTP' | 'HTTPS'
  readonly address: string
  readonly port: number
  readonly #idle: UpstreamConnection[] = []
  readonly #all = new Set<UpstreamConnection>()
  #closing = false

  constructor(protocol: 'HTTP' | 'HTTPS', address: string, port: number) {
    this.protocol = protocol
    this.address = address
    this.port = port
  }

  /** Sends a request head on an idle connection, or a new one; returns the connection for the body and for aborting. */
  request(handler: UpstreamHandler, head: string, bodyFollows: boolean, skipBody: boolean, idleMs: number): UpstreamConnection {
    let conn = this.#idle.pop()
    if (conn === undefined) {
      conn = new UpstreamConnection(this)
      this.#all.add(conn)
    }
    conn.start(handler, head, bodyFollows, skipBody, idleMs)
    return conn
  }

  /** A connection done with its request; false when the pool is closing and it should go. */
  release(conn: UpstreamConnection): boolean {
    if (this.#closing) return false
    this.#idle.push(conn)
    return true
  }

  forget(conn: UpstreamConnection): void {
    this.#all.delete(conn)
    const i = this.#idle.indexOf(conn)
    if (i !== -1) this.#idle.splice(i, 1)
  }

  /** Connections open (active and idle), for tests and diagnosis. */
  get size(): number {
    return this.#all.size
  }

  /** Lets requests under way finish, closing each connection after; idle ones close now. */
  close(): void {
    this.#closing = true
    for (const c of [...this.#idle]) c.expire()
  }

  /** Closes every connection now: requests under way fail (502). */
  destroy(): void {
    this.#closing = true
    for (const c of [...this.#all]) c.destroy()
  }
}

function closeParser(parser: NativeHttpParser): void {
  parser.remove()
  parser.close()
}

// Socket and parser events reach their connection through a symbol: no closure per connection.
function onSocketConnect(this: Tagged<Socket>): void {
  this[kConnection].connected()
}
function onSocketData(this: Tagged<Socket>, chunk: Buffer): void {
  this[kConnection].data(chunk)
}
/** node:net calls `onread`'s callback as a method of the socket; true: go on reading (the connection pauses the socket itself). */
function onSocketRead(this: Tagged<Socket>, nread: number, buffer: Uint8Array): boolean {
  this[kConnection].data((buffer as Buffer).subarray(0, nread))
  return true
}
function onSocketEnd(this: Tagged<Socket>): void {
  this[kConnection].ended()
}
function onSocketError(this: Tagged<Socket>, error: Error): void {
  this[kConnection].errored(error)
}
function onSocketClose(this: Tagged<Socket>): void {
  this[kConnection].closed()
}
function onSocketDrain(this: Tagged<Socket>): void {
  this[kConnection].drained()
}
function onParserHeaders(this: Tagged<NativeHttpParser>, headers: string[]): void {
  this[kConnection].headerPart(headers)
}
function onParserHeadersComplete(
  this: Tagged<NativeHttpParser>,
  _versionMajor: number,
  _versionMinor: number,
  headers: string[] | undefined,
  _method: unknown,
  _url: unknown,
  status: number,
  statusText: string,
  _upgrade: boolean,
  keepAlive: boolean,
): number {
  return this[kConnection].headersComplete(headers, status, statusText, keepAlive)
}
function onParserBody(this: Tagged<NativeHttpParser>, chunk: Buffer): void {
  this[kConnection].body(chunk)
}
function onParserMessageComplete(this: Tagged<NativeHttpParser>): void {
  this[kConnection].messageComplete()
}
