import { randomUUID } from 'node:crypto'
import { WireErrors, isApiError, type ApiError } from '../core/errors.js'
import { renderJsonError, type JsonService } from './protocols/json-protocol.js'
import { isFormRequest, parseForm, renderQueryError, type QueryService } from './protocols/query-protocol.js'
import type { Authenticator } from './protocols/authenticate.js'
import { decodeContent } from './protocols/content-encoding.js'
import type { RequestContext, WireRequest, WireResponse } from './protocols/wire.js'

/**
 * Routes a request to the service that speaks its protocol, and is the only place that picks
 * one: JSON services by the X-Amz-Target prefix, query services (ELBv2, CloudWatch) by the
 * form's `Version`. One port serves them all. Whatever refuses a request, the refusal is
 * written by the protocol the client speaks, so a query client gets XML even for a bad
 * signature.
 */
export interface Router {
  handle(req: WireRequest): Promise<WireResponse>
}

export interface RouterOptions {
  json: readonly JsonService[]
  query?: readonly QueryService[]
  /** Checks the request's signature and scope; throws an ApiError to refuse it, returns who signed it. */
  authenticate?: Authenticator
  logError?: (error: unknown, where: string) => void
}

/** Where a request goes, decided from its headers and form before anything can fail. */
interface Route {
  name: string
  /** The SigV4 signing name of the API the request is for; undefined when none matched. */
  signingName: string | undefined
  run(ctx: RequestContext): Promise<WireResponse>
  renderError(error: ApiError, ctx: RequestContext): WireResponse
}

export function createRouter(options: RouterOptions): Router {
  const byPrefix = new Map(options.json.map((s) => [s.targetPrefix, s]))
  const byVersion = new Map((options.query ?? []).map((s) => [s.version, s]))

  function jsonRoute(target: string, req: WireRequest): Route {
    const dot = target.lastIndexOf('.')
    const service = dot < 0 ? undefined : byPrefix.get(target.slice(0, dot))
    return {
      name: target,
      signingName: service?.signingName,
      async run(ctx) {
        if (!service) throw WireErrors.unknownOperation(target)
        return service.handle(target.slice(dot + 1), req, ctx)
      },
      renderError: (error, ctx) => (service ? service.renderError(error, ctx) : renderJsonError(error, ctx)),
    }
  }

  function queryRoute(req: WireRequest): Route {
    let params: Map<string, string>
    try {
      params = parseForm(req.body)
    } catch (error) {
      const refuse = () => Promise.reject(error)
      return { name: '(an unreadable form)', signingName: undefined, run: refuse, renderError: (e, ctx) => renderQueryError(e, ctx) }
    }
    const version = params.get('Version')
    const service = version === undefined ? undefined : byVersion.get(version)
    return {
      name: `${params.get('Action') ?? '(no Action)'} ${version ?? '(no Version)'}`,
      signingName: service?.signingName,
      async run(ctx) {
        if (!service) throw WireErrors.unknownVersion(version)
        return service.handle(params, ctx)
      },
      renderError: (error, ctx) => (service ? service.renderError(error, ctx) : renderQueryError(error, ctx)),
    }
  }

  const unroutable = (req: WireRequest): Route => ({
    name: req.path,
    signingName: undefined,
    run: () => Promise.reject(WireErrors.unknownOperation('(a request with no X-Amz-Target header)')),
    renderError: (error, ctx) => renderJsonError(error, ctx),
  })

  function pickRoute(req: WireRequest): Route {
    const target = req.headers['x-amz-target']
    if (target) return jsonRoute(target, req)
    if (isFormRequest(req.headers['content-type'])) return queryRoute(req)
    return unroutable(req)
  }

  return {
    async handle(req) {
      if (req.method !== 'POST') return plain(404, `Berth serves the AWS APIs with POST; ${req.method} ${req.path} is not one of them.`)
      const ctx: RequestContext = { requestId: randomUUID() }
      // The signature covers the body as sent; the route reads it decompressed.
      let decoded = req
      let undecodable: unknown
      try {
        decoded = decodeContent(req)
      } catch (error) {
        undecodable = error
        decoded = { ...req, body: Buffer.alloc(0) }
      }
      const route = pickRoute(decoded)
      try {
        ctx.caller = options.authenticate?.(req, { signingName: route.signingName })
        if (undecodable) throw undecodable
        return await route.run(ctx)
      } catch (error) {
        const known = isApiError(error) ? error : (options.logError?.(error, route.name), WireErrors.internal())
        return route.renderError(known, ctx)
      }
    },
  }
}

const plain = (status: number, text: string): WireResponse => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: text + '\n',
})
