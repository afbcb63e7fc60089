import type { CompiledForward } from './actions.js'
import type { ListenerContext } from './listener-context.js'
import { classifyRequestHeader, countCommas, forwardedHost, isHopByHopResponseHeader, Skip, traceHeader } from './headers.js'
import { cachedErrorPage, reasonPhrase, SERVER_HEADER } from './responses.js'
import type { RequestFacts } from './rules.js'
import { pickWeighted, selectTarget } from './selection.js'
import { COOKIE_LIFETIME_MS, decodeToken, encodeToken, GROUP_COOKIE, GROUP_COOKIE_CORS, readStickyCookie, stickyCookies, TARGET_COOKIE, TARGET_COOKIE_CORS } from './stickiness.js'
import type { TargetGroupRuntime, TargetRuntime } from './target-groups.js'
import type { UpstreamConnection, UpstreamFailure, UpstreamHandler } from './upstream.js'

/**
 * What an exchange asks of the client connection it answers (client-connection.ts implements
 * it): its address, the answer's head, body and end, a cut, flow control of the request body, `100
 * Continue`. Declared here so the exchange depends on no more of the connection than this.
 */
export interface ExchangeClient {
  /** The client's address as ALB forwards it (X-Forwarded-For, source-ip conditions). */
  readonly sourceIp: string
  startResponse(ex: Exchange, status: number, reason: string, headerText: string, hasLength: boolean, hasDate: boolean): void
  /** False when the client's socket wants no more for now. */
  writeBody(ex: Exchange, chunk: Buffer): boolean
  endResponse(ex: Exchange, last: Buffer | null): void
  respond(ex: Exchange, status: number, headers: readonly string[], body: Buffer): void
  cut(ex: Exchange): void
  pauseRequest(ex: Exchange): void
  resumeRequest(ex: Exchange): void
  writeContinue(ex: Exchange): void
}

/**
 * One proxied request, from the client's connection (client-connection.ts) to a target and
 * back: the request view the rules read, the target choice, and the handler of the target's
 * answer (upstream.ts) that streams it to the client. A single object per request carries all
 * of it, so the hot path allocates this, the forwarded header text and little else (no
 * closures: the connections call its methods).
 */

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
  /** The Expect header's value, when the client sent one. */
  readonly expect: string | undefined
  /** HTTP/1.1 (else 1.0). */
  readonly http11: boolean
  /** The client lets the connection stay open after this request. */
  readonly keepAlive: boolean
  /** The request's headers as the client sent them: [name, value, ...]. */
  readonly rawHeaders: readonly string[]

  readonly #ctx: ListenerContext
  /** The client's connection; null for an upgrade, whose socket the tunnel owns (upgrade.ts). */
  readonly #client: ExchangeClient | null
  #group: TargetGroupRuntime | undefined
  #target: TargetRuntime | undefined
  #setCookies: string[] | undefined
  #started = 0
  #conn: UpstreamConnection | null = null
  /** With a request body: the head, held until the body's first bytes (or its end) arrive, so a request the parser then refuses never reaches a target. */
  #pendingHead: string | undefined
  #requestPaused = false
  #finished = false
  #clientGone = false
  #responded = false

  constructor(ctx: ListenerContext, client: ExchangeClient, method: string, url: string, raw: readonly string[], http11: boolean, keepAlive: boolean, upgrading: boolean) {
    this.#ctx = ctx
    this.#client = upgrading ? null : client
    this.url = url
    const q = url.indexOf('?')
    this.path = q === -1 ? url : url.slice(0, q)
    this.query = q === -1 ? '' : url.slice(q + 1)
    this.method = method
    this.sourceIp = client.sourceIp
    this.http11 = http11
    this.keepAlive = keepAlive
    this.rawHeaders = raw

    // One pass over the raw headers: what the rules and stickiness read, and the list to forward.
    let out = ''
    let host: string | undefined
    let cookie: string | undefined
    let xff: string | undefined
    let upgrade: string | undefined
    let trace: string | undefined
    let expect: string | undefined
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
      } else if (kind === Skip.Expect) {
        expect = value
      } else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') {
        hasBody = true
        chunked = true
      }
    }
    this.host = host
    this.cookie = cookie
    this.upgrade = upgrade
    this.expect = expect
    this.hasBody = hasBody
    this.chunked = chunked
    this.xffCount = xff === undefined ? 0 : countCommas(xff) + 1
    const mode = ctx.xffMode
    if (mode === 'append') out += `X-Forwarded-For: ${xff === undefined ? this.sourceIp : `${xff}, ${this.sourceIp}`}\r\n`
    else if (mode === 'preserve' && xff !== undefined) out += `X-Forwarded-For: ${xff}\r\n`
    this.headText = `${out}${ctx.forwardedProtoPort}X-Amzn-Trace-Id: ${traceHeader(trace, ctx.clock.now())}\r\n`
  }

  headerValues(lowerName: string): readonly string[] {
    const raw = this.rawHeaders
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
    const chunked = this.chunked
    const head = `${this.method} ${this.url} HTTP/1.1\r\n${this.headText}${chunked ? 'Transfer-Encoding: chunked\r\n\r\n' : '\r\n'}`
    if (!this.hasBody) this.#conn = target.pool.request(this, head, false, this.method === 'HEAD', this.#ctx.idleMs)
    else this.#pendingHead = head
  }

  // ───────────── the target's answer (upstream.ts) ─────────────

  onUpstreamHeaders(statusCode: number, statusText: string, rawHeaders: string[]): void {
    this.targetResponded(statusCode, performance.now() - this.#started)
    let text = ''
    let hasLength = false
    let hasDate = false
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const name = rawHeaders[i]!
      const n = name.length
      if (n === 14) {
        if (!hasLength && name.toLowerCase() === 'content-length') hasLength = true
      } else if (n === 4) {
        if (!hasDate && name.toLowerCase() === 'date') hasDate = true
      } else if (isHopByHopResponseHeader(name)) continue
      text += `${name}: ${rawHeaders[i + 1]!}\r\n`
    }
    const cookies = this.#setCookies
    if (cookies) for (const c of cookies) text += `Set-Cookie: ${c}\r\n`
    this.#responded = true
    this.#client!.startResponse(this, statusCode, statusText || reasonPhrase(statusCode), text, hasLength, hasDate)
  }

  onUpstreamData(chunk: Buffer): boolean {
    return this.#client!.writeBody(this, chunk)
  }

  onUpstreamComplete(last: Buffer | null): void {
    this.#conn = null
    this.#client!.endResponse(this, last)
    this.#finish()
  }

  onUpstreamError(failure: UpstreamFailure): void {
    this.#conn = null
    if (failure === 'refused' || failure === 'unreachable' || failure === 'connect-timeout') this.countConnectionError()
    if (this.#clientGone) {
      // Nobody to answer (ALB logs these as 460).
    } else if (!this.#responded) {
      this.respondError(failure === 'timeout' || failure === 'connect-timeout' ? 504 : 502)
    } else {
      // The answer was under way: all the client can learn is that it is cut short.
      this.#client!.cut(this)
    }
    this.#finish()
  }

  onUpstreamDrain(): void {
    if (!this.#requestPaused) return
    this.#requestPaused = false
    this.#client!.resumeRequest(this)
  }

  // ───────────── the client's request body and connection (client-connection.ts) ─────────────

  requestData(chunk: Buffer): void {
    if (!this.hasBody) return
    const conn = this.#conn ?? this.#sendHead()
    if (conn === null) return
    if (!conn.writeBody(chunk, this.chunked)) {
      this.#requestPaused = true
      this.#client!.pauseRequest(this)
    }
  }

  requestEnd(): void {
    if (!this.hasBody) return
    ;(this.#conn ?? this.#sendHead())?.endBody(this.chunked)
  }

  #sendHead(): UpstreamConnection | null {
    const head = this.#pendingHead
    if (head === undefined || this.#finished) return null
    this.#pendingHead = undefined
    this.#conn = this.#target!.pool.request(this, head, true, this.method === 'HEAD', this.#ctx.idleMs)
    return this.#conn
  }

  /** The client's socket can take more of the answer. */
  resumeUpstream(): void {
    this.#conn?.resume()
  }

  /** The client's connection closed (or its request could not be parsed) before the answer was complete. */
  clientClosed(): void {
    if (this.#finished) return
    this.#clientGone = true
    const conn = this.#conn
    this.#conn = null
    conn?.abort()
    this.#finish()
  }

  /** Writes ALB's own error answer (when there is a client to write it to) and counts it. */
  respondError(status: number): void {
    this.countError(status)
    this.#respond(status, ['Server', SERVER_HEADER, 'Content-Type', 'text/html', 'Content-Length', String(cachedErrorPage(status).length)], cachedErrorPage(status))
  }

  /** A whole answer the load balancer writes itself: a fixed response, a redirect, an error page. */
  respond(status: number, headers: readonly string[], body: Buffer): void {
    this.#respond(status, headers, body)
  }

  #respond(status: number, headers: readonly string[], body: Buffer): void {
    const client = this.#client
    if (client === null || this.#responded) return
    this.#responded = true
    client.respond(this, status, headers, body)
  }

  /** `100 Continue` to a client waiting for it. */
  writeContinue(): void {
    this.#client?.writeContinue(this)
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
    // What the target did not take is not forwarded: the connection reads and drops the rest.
    if (this.#requestPaused) {
      this.#requestPaused = false
      this.#client?.resumeRequest(this)
    }
    const target = this.#target
    if (target) {
      target.inFlight--
      target.counters.inFlight--
      this.#group!.counters.inFlight--
    }
  }
}
