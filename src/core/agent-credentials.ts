import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * How an agent proves who it is (DESIGN.md, Security). Two secrets, both sent as headers:
 * RegisterContainerInstance's ECS shape has no member for them, and the channel's upgrade
 * request has no body.
 *
 *  - The join token: one per server. `berth server` takes it or makes one and prints it,
 *    `berth up` makes one for its local agents. It lets an agent join at all: a registration
 *    that carries it gets an instance secret, and the channel's upgrade needs it.
 *  - The instance secret: one per container instance, made by the server when an agent
 *    registers the instance with the join token, answered once in a response header and kept
 *    by the agent in its data folder beside the instance ARN. The server stores only its
 *    SHA-256 (ContainerInstanceRecord.agentSecretHash). Only it re-registers the instance and
 *    opens (or takes over) the instance's channel session.
 */
export const AGENT_HEADERS = {
  joinToken: 'x-berth-join-token',
  instanceSecret: 'x-berth-instance-secret',
} as const

/** 256 random bits: a hash of it needs no slow key derivation, nobody can guess it. */
export const newInstanceSecret = (): string => randomBytes(32).toString('base64url')

/** A join token for a server started without one (printed once, never stored). */
export const newJoinToken = (): string => randomBytes(24).toString('base64url')

export const hashInstanceSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex')

/**
 * Whether `given` is the secret whose hash is `hash`, in constant time: the digests compared
 * are always 32 bytes, so neither the length nor a prefix of the secret shows in the timing.
 */
export function secretMatches(given: string | undefined, hash: string | undefined): boolean {
  if (given === undefined || given === '' || hash === undefined) return false
  const want = Buffer.from(hash, 'hex')
  const got = Buffer.from(hashInstanceSecret(given), 'hex')
  return want.length === got.length && timingSafeEqual(want, got)
}

/** Whether `given` is the join token, in constant time (compared as digests, as above). */
export function joinTokenMatches(given: string | undefined, token: string | undefined): boolean {
  if (given === undefined || given === '' || token === undefined || token === '') return false
  return secretMatches(given, hashInstanceSecret(token))
}

/** The agent credentials a request carries, from its headers (names in lower case). */
export function agentCredentialsOf(headers: Readonly<Record<string, string | string[] | undefined>>): { joinToken?: string; instanceSecret?: string } {
  const one = (name: string) => {
    const v = headers[name]
    return typeof v === 'string' && v !== '' ? v : undefined
  }
  const joinToken = one(AGENT_HEADERS.joinToken)
  const instanceSecret = one(AGENT_HEADERS.instanceSecret)
  return { ...(joinToken ? { joinToken } : {}), ...(instanceSecret ? { instanceSecret } : {}) }
}
