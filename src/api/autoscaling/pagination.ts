import { ScalingErrors } from '../../core/errors.js'
import { decodeToken, encodeToken } from '../next-token.js'

/**
 * NextToken/MaxResults over a whole, ordered set (a few records per ECS service): the token
 * is the offset of the next item, opaque to clients. 50 a page by default, as AWS's.
 */
export function page<T>(items: readonly T[], token: string | undefined, maxResults: number | undefined): { items: T[]; NextToken?: string } {
  const size = maxResults ?? 50
  const start = decodeToken(token, isOffset, ScalingErrors.invalidNextToken) ?? 0
  const end = start + size
  return { items: items.slice(start, end), ...(end < items.length ? { NextToken: encodeToken(end) } : {}) }
}

const isOffset = (k: unknown): k is number => Number.isSafeInteger(k) && (k as number) >= 0
