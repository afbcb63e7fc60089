import { LogsErrors } from '../../core/errors.js'

/** A `limit` with the action's default; the model already bounds it (1–50 or 1–10,000). */
export const pageLimit = (limit: number | undefined, byDefault: number): number => limit ?? byDefault

/** An opaque nextToken carrying the key the next page starts after. */
export function encodeToken(key: unknown): string {
  return Buffer.from(JSON.stringify({ k: key })).toString('base64url')
}

/** Decodes a token into a key, checking its shape with `isKey`; anything else is refused. */
export function decodeToken<K>(token: string | undefined, isKey: (k: unknown) => k is K): K | undefined {
  if (token === undefined) return undefined
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { k?: unknown }
    if (isKey(parsed.k)) return parsed.k
  } catch {
    // fall through: a token Berth did not issue
  }
  throw LogsErrors.invalidNextToken()
}

export const isString = (k: unknown): k is string => typeof k === 'string'
export const isObject = (k: unknown): k is Record<string, unknown> => typeof k === 'object' && k !== null && !Array.isArray(k)
export const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= -1
