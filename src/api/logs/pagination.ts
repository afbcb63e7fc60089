import { LogsErrors } from '../../core/errors.js'
import { decodeToken as decodeOpaqueToken, encodeToken } from '../next-token.js'

export { encodeToken }

/** A `limit` with the action's default; the model already bounds it (1–50 or 1–10,000). */
export const pageLimit = (limit: number | undefined, byDefault: number): number => limit ?? byDefault

/** Decodes a token this service issued; anything else is refused. */
export const decodeToken = <K>(token: string | undefined, isKey: (k: unknown) => k is K): K | undefined =>
  decodeOpaqueToken(token, isKey, LogsErrors.invalidNextToken)

export const isString = (k: unknown): k is string => typeof k === 'string'
export const isObject = (k: unknown): k is Record<string, unknown> => typeof k === 'object' && k !== null && !Array.isArray(k)
export const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= -1
