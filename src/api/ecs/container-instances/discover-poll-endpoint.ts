import type { DiscoverPollEndpointRequest, DiscoverPollEndpointResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { EcsOperation } from '../deps.js'

/** A Host header as a URL's authority: a name or IPv4 address, or a bracketed IPv6 one, and an optional port. */
const HOST = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/

/**
 * DiscoverPollEndpoint: where an agent talks to ECS. Berth's agents, its telemetry (Docker
 * stats) and everything else go to the one server, so all three endpoints are the server as
 * the caller reached it (its Host header); `cluster` and `containerInstance`, which pick a
 * regional cell on ECS, change nothing here.
 */
export const discoverPollEndpoint: EcsOperation<DiscoverPollEndpointRequest, DiscoverPollEndpointResponse> = async (_input, _deps, ctx) => {
  const host = ctx?.requestHeaders['host']
  if (host === undefined || !HOST.test(host)) throw EcsErrors.client('The request names no Host that Berth could answer as its endpoint.')
  const endpoint = `http://${host}/`
  return { endpoint, telemetryEndpoint: endpoint, serviceConnectEndpoint: endpoint }
}
