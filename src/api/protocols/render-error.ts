import type { ApiError } from '../../core/errors.js'
import { renderJsonError } from './json-protocol.js'
import { isFormRequest, renderQueryError } from './query-protocol.js'
import type { RequestContext, WireRequest, WireResponse } from './wire.js'

/**
 * Turns a refusal made before any service claimed the request (a body too large, a path or
 * method nothing serves) into the protocol its client speaks: a JSON target gets a JSON error,
 * a form body the query protocol's XML ErrorResponse, a POST with neither JSON (as AWS's JSON
 * front ends answer), and anything else (a browser's GET) plain text. Errors a service raises
 * are rendered by that service (its model knows the codes); this is the one place for the rest.
 */
export function renderWireError(req: Pick<WireRequest, 'method' | 'headers'>, error: ApiError, ctx: RequestContext): WireResponse {
  if (req.headers['x-amz-target']) return renderJsonError(error, ctx)
  if (isFormRequest(req.headers['content-type'])) return renderQueryError(error, ctx)
  if (req.method === 'POST') return renderJsonError(error, ctx)
  return {
    status: error.status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-amzn-requestid': ctx.requestId },
    body: `${error.code}: ${error.message}\n`,
  }
}
