import { CloudWatchErrors } from '../errors.js'

/** One result before paging: what a query with ReturnData gives (an array gives several, one Id). */
export interface ComputedResult {
  id: string
  label: string
  /** Ascending by time. */
  points: [number, number][]
}

export interface PagedResult extends ComputedResult {
  /** False when some of its points are on a later page. */
  complete: boolean
}

/**
 * One page of GetMetricData's results: at most `maxDatapoints` points across them all, in
 * ScanBy order; the token says where the next page starts (result, then point). Results are
 * recomputed for each page, so the token holds only the position.
 */
export function paginate(
  results: readonly ComputedResult[],
  o: { nextToken: string | undefined; maxDatapoints: number; descending: boolean },
): { results: PagedResult[]; nextToken?: string } {
  if (!(o.maxDatapoints >= 1)) throw CloudWatchErrors.validation('The parameter MaxDatapoints must be greater than 0.')
  let [r, p] = o.nextToken === undefined ? [0, 0] : position(o.nextToken)
  if (r > results.length) throw CloudWatchErrors.invalidNextToken()
  let budget = o.maxDatapoints
  const page: PagedResult[] = []
  for (; r < results.length; r++, p = 0) {
    const result = results[r]!
    const ordered = o.descending ? [...result.points].reverse() : result.points
    const take = ordered.slice(p, p + budget)
    budget -= take.length
    const complete = p + take.length >= ordered.length
    page.push({ ...result, points: take, complete })
    if (!complete) return { results: page, nextToken: token(r, p + take.length) }
    if (budget === 0 && r + 1 < results.length) return { results: page, nextToken: token(r + 1, 0) }
  }
  return { results: page }
}

const token = (r: number, p: number) => Buffer.from(JSON.stringify({ r, p })).toString('base64url')

function position(t: string): [number, number] {
  try {
    const { r, p } = JSON.parse(Buffer.from(t, 'base64url').toString('utf8')) as { r?: unknown; p?: unknown }
    if (Number.isInteger(r) && Number.isInteger(p) && (r as number) >= 0 && (p as number) >= 0) return [r as number, p as number]
  } catch {
    // the refusal below
  }
  throw CloudWatchErrors.invalidNextToken()
}
