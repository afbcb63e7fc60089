import { joinTokenMatches, secretMatches } from '../../../core/agent-credentials.js'
import type { ContainerInstanceRecord } from '../../../core/model/container-instance.js'

/**
 * What RegisterContainerInstance does with the agent credentials a request carries
 * (core/agent-credentials.ts), in two pure steps: the join token first, before anything is
 * read (a caller with a wrong token learns nothing about instances), then the instance secret
 * against the instance being re-registered.
 *
 *   no headers                   plain ECS API (aws CLI, SDKs): registers as AWS does, no
 *                                secret; such an instance has no channel until an agent
 *                                registers it with the join token
 *   join token, new instance     `issue`: a new secret, answered once in a response header
 *   join token, instance without a secret (plain API, or registered before secrets)
 *                                `issue`: the first agent to register it with the token holds it
 *   instance with a secret       only its secret re-registers it (`proven`, the secret kept),
 *                                with or without the token header the plain API is refused
 */
export type SecretDecision = 'plain' | 'issue' | 'proven'

export const REFUSED = {
  joinTokenWrong: 'join-token-wrong',
  secretWithoutToken: 'secret-without-join-token',
  secretMissing: 'instance-secret-missing',
  secretWrong: 'instance-secret-wrong',
} as const
export type RefusedReason = (typeof REFUSED)[keyof typeof REFUSED]

export interface GivenCredentials {
  joinToken?: string
  instanceSecret?: string
}

/** Step 1: whether the request may go on, and whether it comes from an agent (it carries the token). */
export function checkJoinToken(given: GivenCredentials, serverToken: string | undefined): { agent: boolean } | { refused: RefusedReason } {
  if (given.joinToken !== undefined) return joinTokenMatches(given.joinToken, serverToken) ? { agent: true } : { refused: REFUSED.joinTokenWrong }
  // A secret alone proves nothing: the two come together, or the request is the plain API.
  if (given.instanceSecret !== undefined) return { refused: REFUSED.secretWithoutToken }
  return { agent: false }
}

/** Step 2, for the instance the request registers (undefined: a new one). */
export function decideInstanceSecret(
  agent: boolean,
  given: GivenCredentials,
  previous: Pick<ContainerInstanceRecord, 'agentSecretHash'> | undefined,
): SecretDecision | { refused: RefusedReason } {
  if (previous?.agentSecretHash !== undefined) {
    if (given.instanceSecret === undefined) return { refused: REFUSED.secretMissing }
    return secretMatches(given.instanceSecret, previous.agentSecretHash) ? 'proven' : { refused: REFUSED.secretWrong }
  }
  return agent ? 'issue' : 'plain'
}

/** The ClientException message for each refusal: what is wrong and what fixes it. */
export function refusalMessage(reason: RefusedReason, instanceArn: string | undefined): string {
  switch (reason) {
    case REFUSED.joinTokenWrong:
      return 'The join token (x-berth-join-token) is not the one this server was started with. Give the agent the server\'s token (BERTH_JOIN_TOKEN).'
    case REFUSED.secretWithoutToken:
      return 'An instance secret (x-berth-instance-secret) is accepted only together with the server\'s join token (x-berth-join-token).'
    case REFUSED.secretMissing:
      return `The container instance ${instanceArn} belongs to an agent: only that agent re-registers it, with its instance secret (x-berth-instance-secret).`
    case REFUSED.secretWrong:
      return `The instance secret (x-berth-instance-secret) is not the one issued to container instance ${instanceArn}; register as a new instance.`
  }
}
