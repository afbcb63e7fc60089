import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CompiledForward } from './actions.js'
import type { ListenerContext } from './listener-context.js'
import { classifyRequestHeader, clientAddress, countCommas, forwardedHost, isHopByHopResponseHeader, Skip, traceHeader } from './headers.js'
import { cachedErrorPage, reasonPhrase, SERVER_HEADER } from './responses.js'
import type { RequestFacts } from './rules.js'
import { pickWeighted, selectTarget } from './selection.js'
import { COOKIE_LIFETIME_MS, decodeToken, encodeToken, GROUP_COOKIE, GROUP_COOKIE_CORS, readStickyCookie, stickyCookies, TARGET_COOKIE, TARGET_COOKIE_CORS } from './stickiness.js'
import type { TargetGroupRuntime, TargetRuntime } from './target-groups.js'
import type { UpstreamConnection, UpstreamFailure, UpstreamHandler } from './upstream.js'

/**
 * One proxied request, from the listener's socket to a target and back: the request view the
 * rules read, the target choice, and the handler of the target's answer (upstream.ts) that
 * streams it to the client. A single object per request carries all of it, so the hot path
 * allocates this, the forwarded header text and little else (no closures: request and
 * response events find their exchange through a symbol).
 */

const kExchange = Symbol('exchange')
type ResponseWithExchange = ServerResponse & { [kExchange]?: Exchange }
type RequestWithExchange = IncomingMessage & { [kExchange]?: Exchange }

export class Exchange implements RequestFacts, UpstreamHandler {
  readonly method: string
  readonly path: string
  readonly query: string
  readonly host: string | undefined
  readonly sourceIp: string
  readonly url: string
  /** The request headers to forward, as `Name: value\r\n` lines (the request line and the blank line not included). */
  readonly headText: string
  readonly cookie: string | undefined
  /** The Upgrade header's value, when the client asked for one. */
  readonly upgrade: string | undefined
  readonly hasBody: boolean
  /** The client sent the body chunked: it goes to the target chunked too (node:http hands it over unframed). */
  readonly chunked: boolean
  /** How many addresses X-Forwarded-For carried (ALB answers 463 past 30). */
  readonly xffCount: number

  readonly #ctx: ListenerContext
  readonly #req: IncomingMessage
  readonly #res: ResponseWithExchange | null
  #group: TargetGroupRuntime | undefined
  #target: TargetRuntime | undefined
  #setCookies: string[] | undefined
  #started = 0
  #conn: UpstreamConnection | null = null
  /** With a request body: the head, held until the body's first bytes (or its end) arrive, so a request node:http then refuses never reaches a target. */
  #pendingHead: string | undefined
  #drainHooked = false
  #requestPaused = false
  #finished = false
  #clientGone = false

  constructor(ctx: ListenerContext, req: IncomingMessage, res: ServerResponse | null) {
    this.#ctx = ctx
    this.#req = req
    this.#res = res
    const url = req.url ?? '/'
    this.url = url
    const q = url.indexOf('?')
    this.path = q === -1 ? url : url.slice(0, q)
    this.query = q === -1 ? '' : url.slice(q + 1)
    this.method = req.method ?? 'GET'
    this.sourceIp = clientAddress(req.socket.remoteAddress)

    // One pass over the raw headers: what the rules and stickiness read, and the list to forward.
    const raw = req.rawHeaders
    let out = ''
    let host: string | undefined
    let cookie: string | undefined
    let xff: string | undefined
    let upgrade: string | undefined
    let trace: string | undefined
    let hasBody = false
    let chunked = false
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]!
      const value = raw[i + 1]!
      const kind = classifyRequestHeader(name)
      if (kind === Skip.No) {
        out += `${name}: ${value}\r\n`
        if (!hasBody && name.length === 14 && value !== '0' && name.toLowerCase() === 'content-length') hasBody = true
        continue
      }
      if (kind === Skip.Host) {
        host ??= value
        out += `${name}: ${ctx.preserveHost ? value : forwardedHost(value, ctx.port)}\r\n`
      } else if (kind === Skip.Trace) {
        trace = value
      } else if (kind === Skip.Cookie) {
        cookie = cookie === undefined ? value : `${cookie}; ${value}`
        out += `${name}: ${value}\r\n`
      } else if (kind === Skip.Xff) {
        xff = xff === undefined ? value : `${xff}, ${value}`
      } else if (kind === Skip.Upgrade) {
        upgrade = value
      } else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') {
        hasBody = true
        chunked = true
      }
    }
    this.host = host
    this.cookie = cookie
    this.upgrade = upgrade
    this.hasBody = hasBody
    this.chunked = chunked
    this.xffCount = xff === undefined ? 0 : countCommas(xff) + 1
    const mode = ctx.xffMode
    if (mode === 'append') out += `X-Forwarded-For: ${xff === undefined ? this.sourceIp : `${xff}, ${this.sourceIp}`}\r\n`
    else if (mode === 'preserve' && xff !== undefined) out += `X-Forwarded-For: ${xff}\r\n`
    this.headText = `${out}${ctx.forwardedProtoPort}X-Amzn-Trace-Id: ${traceHeader(trace, ctx.clock.now())}\r\n`
    if (res) (res as ResponseWithExchange)[kExchange] = this
  }

  headerValues(lowerName: string): readonly string[] {
    const raw = this.#req.rawHeaders
    const values: string[] = []
    for (let i = 0; i < raw.length; i += 2) if (raw[i]!.length === lowerName.length && raw[i]!.toLowerCase() === lowerName) values.push(raw[i + 1]!)
    return values
  }

  /**
   * Chooses the target group and the target for a forward action, counting the request;
   * answers 503 itself and returns undefined when there is none to send to.
   */
  chooseTarget(action: CompiledForward): TargetRuntime | undefined {
    const group = this.#chooseGroup(action)
    if (!group) {
      this.respondError(503)
      return undefined
    }
    this.#group = group
    group.counters.requests++
    let target: TargetRuntime | undefined
    const sticky = group.config.attributes.stickiness
    if (sticky.enabled) {
      const token = readStickyCookie(this.cookie, TARGET_COOKIE, TARGET_COOKIE_CORS)
      const key = token === undefined ? undefined : decodeToken(token, group.tag, this.#ctx.clock.now())
      const named = key === undefined ? undefined : group.targets.get(key)
      if (named && group.routable.includes(named)) target = named
    }
    target ??= selectTarget(group.routable, group.policy, group.cursor, group.policy.slowStartMs > 0 ? this.#ctx.clock.now() : 0)
    if (!target) {
      this.respondError(503)
      return undefined
    }
    if (sticky.enabled) this.#addCookies(TARGET_COOKIE, TARGET_COOKIE_CORS, group.tag, target.key, sticky.durationSeconds)
    this.#target = target
    target.counters.requests++
    target.inFlight++
    target.counters.inFlight++
    group.counters.inFlight++
    return target
  }

  #chooseGroup(action: CompiledForward): TargetGroupRuntime | undefined {
    const groups = action.groups
    if (groups.length === 1) return groups[0]!.group
    let chosen: TargetGroupRuntime | undefined
    if (action.stickinessSeconds > 0) {
      const token = readStickyCookie(this.cookie, GROUP_COOKIE, GROUP_COOKIE_CORS)
      if (token !== undefined) {
        const now = this.#ctx.clock.now()
        chosen = groups.find((g) => g.weight > 0 && decodeToken(token, g.group.tag, now) !== undefined)?.group
      }
    }
    if (!chosen) {
      const i = pickWeighted(groups, action.totalWeight, this.#ctx.random())
      if (i === -1) return undefined
      chosen = groups[i]!.group
    }
    if (action.stickinessSeconds > 0) this.#addCookies(GROUP_COOKIE, GROUP_COOKIE_CORS, chosen.tag, '', action.stickinessSeconds)
    return chosen
  }

  #addCookies(name: string, corsName: string, tag: string, key: string, seconds: number): void {
    const now = this.#ctx.clock.now()
    const [plain, cors] = stickyCookies(name, corsName, encodeToken(tag, key, now + seconds * 1000), new Date(now + COOKIE_LIFETIME_MS))
    ;(this.#setCookies ??= []).push(plain, cors)
  }

  /** Sends the request to the chosen target; the answer streams back through the handler methods below. */
  forward(target: TargetRuntime): void {
    this.#started = performance.now()
    const res = this.#res!
    res.on('close', onResponseClose)
    const chunked = this.chunked
    const head = `${this.method} ${this.url} HTTP/1.1\r\n${this.headText}${chunked ? 'Transfer-Encoding: chunked\r\n\r\n' : '\r\n'}`
    if (!this.hasBody) {
      this.#conn = target.pool.request(this, head, false, this.method === 'HEAD', this.#ctx.idleMs)
    } else {
      this.#pendingHead = head
      const req = this.#req as RequestWithExchange
      req[kExchange] = this
      req.on('data', onRequestData)
      req.on('end', onRequestEnd)
    }
  }

  // ───────────── the target's answer (upstream.ts) ─────────────

  onUpstreamHeaders(statusCode: number, statusText: string, rawHeaders: string[]): void {
    const res = this.#res!
    this.targetResponded(statusCode, performance.now() - this.#started)
    const out: string[] = []
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const name = rawHeaders[i]!
      if (!isHopByHopResponseHeader(name)) out.push(name, rawHeaders[i + 1]!)
    }
    const cookies = this.#setCookies
    if (cookies) for (const c of cookies) out.push('Set-Cookie', c)
    res.writeHead(statusCode, statusText || reasonPhrase(statusCode), out)
  }

  onUpstreamData(chunk: Buffer): boolean {
    const res = this.#res!
    if (res.write(chunk)) return true
    if (!this.#drainHooked) {
      this.#drainHooked = true
      res.on('drain', onResponseDrain)
    }
    return false
  }

  onUpstreamComplete(last: Buffer | null): void {
    this.#conn = null
    if (last === null) this.#res!.end()
    else this.#res!.end(last)
    this.#finish()
  }

  onUpstreamError(failure: UpstreamFailure): void {
    this.#conn = null
    const res = this.#res!
    if (failure === 'refused' || failure === 'unreachable' || failure === 'connect-timeout') this.countConnectionError()
    if (this.#clientGone) {
      // Nobody to answer (ALB logs these as 460).
    } else if (!res.headersSent) {
      this.respondError(failure === 'timeout' || failure === 'connect-timeout' ? 504 : 502)
    } else {
      // The answer was under way: all the client can learn is that it is cut short.
      res.destroy()
    }
    this.#finish()
  }

  onUpstreamDrain(): void {
    if (!this.#requestPaused) return
    this.#requestPaused = false
    this.#req.resume()
  }

  // ───────────── the client's request body and socket events ─────────────

  requestData(chunk: Buffer): void {
    const conn = this.#conn ?? this.#sendHead()
    if (conn === null) return
    if (!conn.writeBody(chunk, this.chunked)) {
      this.#requestPaused = true
      this.#req.pause()
    }
  }

  requestEnd(): void {
    ;(this.#conn ?? this.#sendHead())?.endBody(this.chunked)
  }

  #sendHead(): UpstreamConnection | null {
    const head = this.#pendingHead
    if (head === undefined || this.#finished) return null
    this.#pendingHead = undefined
    this.#conn = this.#target!.pool.request(this, head, true, this.method === 'HEAD', this.#ctx.idleMs)
    return this.#conn
  }

  resumeUpstream(): void {
    this.#conn?.resume()
  }

  clientClosed(): void {
    if (this.#finished || this.#res!.writableFinished) return
    this.#clientGone = true
    const conn = this.#conn
    this.#conn = null
    conn?.abort()
    this.#finish()
  }

  /** Writes ALB's own error answer (when there is a response to write it to) and counts it. */
  respondError(status: number): void {
    const res = this.#res
    this.countError(status)
    if (!res || res.headersSent) return
    const body = cachedErrorPage(status)
    res.writeHead(status, reasonPhrase(status), ['Server', SERVER_HEADER, 'Content-Type', 'text/html', 'Content-Length', String(body.length)])
    res.end(body)
  }

  // ───────────── counting ─────────────

  countError(status: number): void {
    this.#ctx.counters.elbResponded(status)
    this.#group?.counters.elbResponded(status)
  }

  targetResponded(status: number, ms: number): void {
    this.#target!.counters.targetResponded(status, ms)
    this.#group!.counters.targetResponded(status, ms)
    this.#ctx.counters.targetResponded(status, ms)
  }

  countConnectionError(): void {
    this.#target!.counters.targetConnectionErrors++
    this.#group!.counters.targetConnectionErrors++
    this.#ctx.counters.targetConnectionErrors++
  }

  /** The request is over (a tunnel closed): the target's in-flight count drops. */
  release(): void {
    this.#finish()
  }

  #finish(): void {
    if (this.#finished) return
    this.#finished = true
    if (this.hasBody && this.#res) {
      const req = this.#req
      req.off('data', onRequestData)
      req.off('end', onRequestEnd)
      // What the target did not take is not forwarded; node:http reads and drops the rest.
      if (this.#requestPaused) req.resume()
    }
    const target = this.#target
    if (target) {
      target.inFlight--
      target.counters.inFlight--
      this.#group!.counters.inFlight--
    }
  }
}

function onResponseClose(this: ResponseWithExchange): void {
  this[kExchange]?.clientClosed()
}

function onResponseDrain(this: ResponseWithExchange): void {
  this[kExchange]?.resumeUpstream()
}

function onRequestData(this: RequestWithExchange, chunk: Buffer): void {
  this[kExchange]?.requestData(chunk)
}

function onRequestEnd(this: RequestWithExchange): void {
  this[kExchange]?.requestEnd()
}
