import type { ApiError } from '../core/errors.js'

/**
 * Opaque pagination tokens, shared by every service: a token carries the key the next page
 * starts after. Each service refuses a token it did not issue with its own error.
 */
export function encodeToken(key: unknown): string {
  return Buffer.from(JSON.stringify({ k: key })).toString('base64url')
}

/** Decodes a token into a key, checking its shape with `isKey`; anything else is `invalid()`. */
export function decodeToken<K>(token: string | undefined, isKey: (k: unknown) => k is K, invalid: () => ApiError): K | undefined {
  if (token === undefined) return undefined
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { k?: unknown }
    if (isKey(parsed.k)) return parsed.k
  } catch {
    // fall through: a token Berth did not issue
  }
  throw invalid()
}
