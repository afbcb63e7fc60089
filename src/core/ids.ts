import { randomBytes, randomUUID } from 'node:crypto'

/** The 32-hex-digit ids ECS gives tasks and container instances. */
export const newResourceId = (): string => randomBytes(16).toString('hex')

export const newUuid = (): string => randomUUID()
