import { randomUUID } from 'node:crypto'
import { WireErrors, isApiError } from '../core/errors.js'
import type { JsonService } from './protocols/json-protocol.js'
import type { RequestContext, WireRequest, WireResponse } from './protocols/wire.js'

/**
 * Routes a request to the service that speaks its protocol. JSON services are found by the
 * X-Amz-Target prefix; query services (ELBv2, CloudWatch) will be found by their form's
 * `Version` beside them. One port serves them all.
 */
export interface Router {
  handle(req: WireRequest): Promise<WireResponse>
}

export interface RouterOptions {
  json: readonly JsonService[]
  /** Checks the request's signature; throws an ApiError to refuse it. */
  authenticate?: (req: WireRequest) => void
  logError?: (error: unknown, where: string) => void
}

export function createRouter(options: RouterOptions): Router {
  const byPrefix = new Map(options.json.map((s) => [s.targetPrefix, s]))

  return {
    async handle(req) {
      const ctx: RequestContext = { requestId: randomUUID() }
      const target = req.headers['x-amz-target']
      try {
        if (req.method !== 'POST') return plain(404, `Berth serves the AWS APIs with POST; ${req.method} ${req.path} is not one of them.`)
        options.authenticate?.(req)
        if (target) {
          const dot = target.lastIndexOf('.')
          const service = byPrefix.get(target.slice(0, dot))
          if (!service || dot < 0) throw WireErrors.unknownOperation(target)
          return await service.handle(target.slice(dot + 1), req, ctx)
        }
        throw WireErrors.unknownOperation('(a request with no X-Amz-Target header)')
      } catch (error) {
        const e = isApiError(error) ? error : (options.logError?.(error, target ?? req.path), WireErrors.internal())
        return {
          status: e.status,
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': ctx.requestId },
          body: JSON.stringify({ __type: e.code, message: e.message }),
        }
      }
    },
  }
}

const plain = (status: number, text: string): WireResponse => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: text + '\n',
})
