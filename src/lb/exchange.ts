import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CompiledForward } from './actions.js'
import type { ListenerContext } from './listener-context.js'
import { classifyRequestHeader, clientAddress, countCommas, forwardedHost, isHopByHopResponseHeader, Skip, traceHeader } from './headers.js'
import { cachedErrorPage, reasonPhrase, SERVER_HEADER } from './responses.js'
import type { RequestFacts } from './rules.js'
import { pickWeighted, selectTarget } from './selection.js'
import { COOKIE_LIFETIME_MS, decodeToken, encodeToken, GROUP_COOKIE, GROUP_COOKIE_CORS, readStickyCookie, stickyCookies, TARGET_COOKIE, TARGET_COOKIE_CORS } from './stickiness.js'
import type { TargetGroupRuntime, TargetRuntime } from './target-groups.js'

/**
 * One proxied request, from the listener's socket to a target and back: the request view the
 * rules read, the target choice, and undici's dispatch handler that streams the answer to
 * the client. A single object per request carries all of it, so the hot path allocates this,
 * the forwarded header list and little else (no closures: socket events find their exchange
 * through a symbol on the response).
 *
 * undici's older handler interface (onConnect / onHeaders / onData / onComplete / onError) is
 * used on purpose: undici 7 wraps handlers of the newer one in an adapter that allocates a
 * controller and parses every response header into an object, which the proxy has no use for.
 */

const kExchange = Symbol('exchange')
type ResponseWithExchange = ServerResponse & { [kExchange]?: Exchange }

export class Exchange implements RequestFacts {
  readonly method: string
  readonly path: string
  readonly query: string
  readonly host: string | undefined
  readonly sourceIp: string
  readonly url: string
  /** The request headers to forward, as [name, value, name, value, ...]. */
  readonly headers: string[]
  readonly cookie: string | undefined
  /** The Upgrade header's value, when the client asked for one. */
  readonly upgrade: string | undefined
  readonly hasBody: boolean
  /** How many addresses X-Forwarded-For carried (ALB answers 463 past 30). */
  readonly xffCount: number

  readonly #ctx: ListenerContext
  readonly #req: IncomingMessage
  readonly #res: ResponseWithExchange | null
  #group: TargetGroupRuntime | undefined
  #target: TargetRuntime | undefined
  #setCookies: string[] | undefined
  #started = 0
  #abortUpstream: ((reason?: Error) => void) | undefined
  #resumeUpstream: (() => void) | undefined
  #drainHooked = false
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
    const out: string[] = []
    let host: string | undefined
    let cookie: string | undefined
    let xff: string | undefined
    let upgrade: string | undefined
    let trace: string | undefined
    let hasBody = false
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]!
      const value = raw[i + 1]!
      const kind = classifyRequestHeader(name)
      if (kind === Skip.No) {
        out.push(name, value)
        if (!hasBody && name.length === 14 && value !== '0' && name.toLowerCase() === 'content-length') hasBody = true
        continue
      }
      if (kind === Skip.Host) {
        host ??= value
        out.push(name, ctx.preserveHost ? value : forwardedHost(value, ctx.port))
      } else if (kind === Skip.Trace) {
        trace = value
      } else if (kind === Skip.Cookie) {
        cookie = cookie === undefined ? value : `${cookie}; ${value}`
        out.push(name, value)
      } else if (kind === Skip.Xff) {
        xff = xff === undefined ? value : `${xff}, ${value}`
      } else if (kind === Skip.Upgrade) {
        upgrade = value
      } else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') {
        hasBody = true
      }
    }
    this.host = host
    this.cookie = cookie
    this.upgrade = upgrade
    this.hasBody = hasBody
    this.xffCount = xff === undefined ? 0 : countCommas(xff) + 1
    const mode = ctx.xffMode
    if (mode === 'append') out.push('X-Forwarded-For', xff === undefined ? this.sourceIp : `${xff}, ${this.sourceIp}`)
    else if (mode === 'preserve' && xff !== undefined) out.push('X-Forwarded-For', xff)
    out.push('X-Forwarded-Proto', ctx.protocol, 'X-Forwarded-Port', ctx.portText, 'X-Amzn-Trace-Id', traceHeader(trace, ctx.clock.now()))
    this.headers = out
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
    res.once('close', onResponseClose)
    const idleMs = this.#ctx.idleMs
    target.pool.dispatch(
      { path: this.url, method: this.method, headers: this.headers, body: this.hasBody ? this.#req : null, headersTimeout: idleMs, bodyTimeout: idleMs },
      this,
    )
  }

  // ───────────── undici's dispatch handler ─────────────

  onConnect(abort: (reason?: Error) => void): void {
    this.#abortUpstream = abort
    if (this.#clientGone) abort(new Error('client closed the connection'))
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    // 1xx: node:http answered the client's Expect itself; the final status is still to come.
    if (statusCode < 200) return true
    const res = this.#res!
    this.targetResponded(statusCode, performance.now() - this.#started)
    const out: string[] = []
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const name = rawHeaders[i]!.toString('latin1')
      if (!isHopByHopResponseHeader(name)) out.push(name, rawHeaders[i + 1]!.toString('latin1'))
    }
    const cookies = this.#setCookies
    if (cookies) for (const c of cookies) out.push('Set-Cookie', c)
    this.#resumeUpstream = resume
    res.writeHead(statusCode, statusText || reasonPhrase(statusCode), out)
    return true
  }

  onData(chunk: Buffer): boolean {
    const res = this.#res!
    if (res.write(chunk)) return true
    if (!this.#drainHooked) {
      this.#drainHooked = true
      res.on('drain', onResponseDrain)
    }
    return false
  }

  onComplete(): void {
    this.#res!.end()
    this.#finish()
  }

  onError(error: Error): void {
    const res = this.#res!
    const code = (error as { code?: string }).code
    if (code === 'ECONNREFUSED' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') this.countConnectionError()
    if (this.#clientGone) {
      // Nobody to answer (ALB logs these as 460).
    } else if (!res.headersSent) {
      this.respondError(code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' ? 504 : 502)
    } else {
      // The answer was under way: all the client can learn is that it is cut short.
      res.destroy()
    }
    this.#finish()
  }

  // ───────────── socket events, reached through the response ─────────────

  resumeUpstream(): void {
    this.#resumeUpstream?.()
  }

  clientClosed(): void {
    if (this.#finished || this.#res!.writableFinished) return
    this.#clientGone = true
    this.#abortUpstream?.(new Error('client closed the connection'))
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
