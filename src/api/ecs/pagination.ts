import { EcsErrors } from '../../core/errors.js'
import { decodeToken as decodeOpaqueToken, encodeToken } from '../next-token.js'

export { encodeToken }

/**
 * ECS list pagination: `maxResults` 1–100 (default 100) and an opaque `nextToken` that carries
 * the last key of the page before. Keys are whatever the list is ordered by.
 */
export const MAX_RESULTS = 100

export function pageSize(maxResults: number | undefined): number {
  if (maxResults === undefined) return MAX_RESULTS
  if (maxResults < 1 || maxResults > MAX_RESULTS) {
    throw EcsErrors.invalidParameter(`maxResults must be between 1 and ${MAX_RESULTS}.`)
  }
  return maxResults
}

/** Decodes a token this service issued; anything else is refused. */
export const decodeToken = <K>(token: string | undefined, isKey: (k: unknown) => k is K): K | undefined =>
  decodeOpaqueToken(token, isKey, () => EcsErrors.invalidParameter('Invalid nextToken.'))

export const isString = (k: unknown): k is string => typeof k === 'string'

/**
 * Fetches one page plus one item, to know whether another page follows without a second query.
 * `fetch(limit)` returns items in key order; `keyOf` gives the key the next page starts after.
 */
export async function fetchPage<T, K>(
  limit: number,
  fetch: (limit: number) => Promise<T[]>,
  keyOf: (item: T) => K,
): Promise<{ items: T[]; nextToken?: string }> {
  const items = await fetch(limit + 1)
  if (items.length <= limit) return { items }
  const page = items.slice(0, limit)
  return { items: page, nextToken: encodeToken(keyOf(page[page.length - 1]!)) }
}

/** How many records a filtered scan reads from the store at a time. */
const SCAN_BATCH = 100

/**
 * Like fetchPage, for lists filtered in memory (a query-language filter, a status set the
 * store cannot express): reads the store in key order from `after`, in batches, keeping what
 * `keep` accepts until one item more than a page is found or the store runs out.
 */
export async function scanPage<T, K>(
  limit: number,
  after: K | undefined,
  fetch: (after: K | undefined, limit: number) => Promise<T[]>,
  keep: (item: T) => boolean | Promise<boolean>,
  keyOf: (item: T) => K,
): Promise<{ items: T[]; nextToken?: string }> {
  const kept: T[] = []
  let cursor = after
  for (;;) {
    const batch = await fetch(cursor, SCAN_BATCH)
    for (const item of batch) {
      if (!(await keep(item))) continue
      kept.push(item)
      if (kept.length > limit) {
        const page = kept.slice(0, limit)
        return { items: page, nextToken: encodeToken(keyOf(page[page.length - 1]!)) }
      }
    }
    if (batch.length < SCAN_BATCH) return { items: kept }
    cursor = keyOf(batch[batch.length - 1]!)
  }
}
