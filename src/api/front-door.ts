import { randomUUID } from 'node:crypto'
import { WireErrors } from '../core/errors.js'
import { renderWireError } from './protocols/render-error.js'
import type { WireRequest, WireResponse } from './protocols/wire.js'
import type { Router } from './router.js'

/**
 * What the one port serves, by method and path (the query string aside):
 *
 *   POST /          the AWS APIs (router.ts picks the protocol and the service)
 *   GET  /metrics   Prometheus's text exposition (src/prometheus), as open as the API is
 *   GET  /agent     the agent channel's WebSocket upgrade: node:http hands upgrades to the
 *                   'upgrade' event (server/agent-channel), never to this table
 *
 * A request no route takes is refused here, in the protocol its client speaks.
 */
export interface HttpRoute {
  method: string
  /** Matched exactly against the request's path without its query string. */
  path: string
  handle(req: WireRequest): Promise<WireResponse>
}

export type FrontDoor = (req: WireRequest) => Promise<WireResponse>

/** The AWS APIs' route: every AWS protocol Berth speaks is a POST to the root. */
export const awsApiRoute = (router: Router): HttpRoute => ({ method: 'POST', path: '/', handle: (req) => router.handle(req) })

export function createFrontDoor(routes: readonly HttpRoute[]): FrontDoor {
  return async (req) => {
    const path = pathOf(req.path)
    const onPath = routes.filter((r) => r.path === path)
    const route = onPath.find((r) => r.method === req.method)
    if (route) return route.handle(req)
    const error = onPath.length > 0 ? WireErrors.methodNotAllowed(req.method, path) : WireErrors.noSuchPath(req.method, path)
    return renderWireError(req, error, { requestId: randomUUID() })
  }
}

const pathOf = (url: string) => {
  const q = url.indexOf('?')
  return q < 0 ? url : url.slice(0, q)
}
