import { randomBytes, randomUUID } from 'node:crypto'

/** The 32-hex-digit ids ECS gives tasks and container instances. */
export const newResourceId = (): string => randomBytes(16).toString('hex')

export const newUuid = (): string => randomUUID()

/**
 * A deployment id's digits (`ecs-svc/<digits>`): 19 digits, a positive 63-bit number as ECS's
 * are. A service revision takes the same digits as the deployment that runs it.
 */
export function newDeploymentDigits(): string {
  const n = randomBytes(8).readBigUInt64BE() & 0x7fffffffffffffffn
  // 19 digits: from 10^18 up to 2^63 - 1.
  const min = 1_000_000_000_000_000_000n
  return String(min + (n % (0x7fffffffffffffffn - min)))
}

/** A service deployment's id: 21 URL-safe characters, as ECS's look. */
export const newServiceDeploymentId = (): string => randomBytes(16).toString('base64url').slice(0, 21)
