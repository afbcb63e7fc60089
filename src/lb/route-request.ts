import type { Exchange } from './exchange.js'
import type { ListenerContext } from './listener-context.js'
import { cachedErrorPage, redirectLocation, SERVER_HEADER } from './responses.js'
import { hostName, matchRule } from './rules.js'

/**
 * What one parsed request gets: ALB's refusals (TRACE, an X-Forwarded-For past 30 addresses,
 * HTTP/1.1 without Host, an expectation other than 100-continue), then the first matching
 * rule's action: forwarded to a target (exchange.ts), a fixed response, or a redirect.
 */

/** ALB refuses an X-Forwarded-For of more than 30 addresses with its own 463. */
const MAX_XFF_ADDRESSES = 30
const EXPECT_CONTINUE = /(?:^|\W)100-continue(?:$|\W)/i

/** Routes one request: TRACE and oversized X-Forwarded-For are refused, the rest goes by the first matching rule. */
export function handleRequest(ctx: ListenerContext, ex: Exchange): void {
  ctx.counters.requests++
  if (ex.method === 'TRACE') return ex.respondError(405)
  if (ex.xffCount > MAX_XFF_ADDRESSES) return ex.respondError(463)
  if (ex.http11) {
    // HTTP/1.1 requires Host (node:http refused such requests with 400 too).
    if (ex.host === undefined) return ex.respondError(400)
    if (ex.expect !== undefined) {
      if (!EXPECT_CONTINUE.test(ex.expect)) return ex.respondError(417)
      ex.writeContinue()
    }
  }
  const action = matchRule(ctx.table, ex).action
  switch (action.kind) {
    case 'forward': {
      const target = ex.chooseTarget(action)
      if (target) ex.forward(target)
      return
    }
    case 'fixed-response': {
      ctx.counters.fixedResponses++
      const r = action.response
      ex.respond(r.status, r.headers, r.body)
      return
    }
    case 'redirect': {
      // Without a Host header there is no URL to redirect to.
      if (ex.host === undefined) return ex.respondError(400)
      ctx.counters.redirects++
      const location = redirectLocation(action.config, { protocol: ctx.protocol, host: hostName(ex.host), port: ctx.port, path: ex.path, query: ex.query })
      const body = cachedErrorPage(action.status)
      ex.respond(action.status, ['Server', SERVER_HEADER, 'Location', location, 'Content-Type', 'text/html', 'Content-Length', String(body.length)], body)
      return
    }
  }
}
