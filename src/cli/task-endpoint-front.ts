import type { Logger } from '../core/log.js'
import { endpointFront } from '../agent/endpoints/front.js'
import { TASK_ENDPOINT_ADDRESS, TASK_ENDPOINT_PORT } from '../agent/endpoints/ids.js'
import { listenEndpoint, type EndpointListener } from '../agent/endpoints/listen.js'

/** Where each local agent of `berth up` serves its task endpoints, on its own loopback address: the ECS agent's credentials port. */
export const LOCAL_AGENT_ENDPOINT_PORT = 51679

/**
 * `berth up`: the one listener at 169.254.170.2:80 in front of every local agent's endpoints
 * (agent/endpoints/front.ts). When it cannot be had (not root; another Berth holds it) the
 * reason is logged and the agents serve no endpoints: their containers get no
 * ECS_CONTAINER_METADATA_URI variables, and tasks with a task role fail to start, saying so.
 */
export async function startEndpointFront(agentAddresses: readonly string[], logger: Logger): Promise<EndpointListener | undefined> {
  try {
    return await listenEndpoint(
      endpointFront(agentAddresses.map((ip) => `${ip}:${LOCAL_AGENT_ENDPOINT_PORT}`)),
      TASK_ENDPOINT_ADDRESS,
      TASK_ENDPOINT_PORT,
    )
  } catch (error) {
    logger.warn('task endpoints are off for the local instances', { reason: error instanceof Error ? error.message : String(error) })
    return undefined
  }
}
