import type * as Cw from '../../../core/aws-model/cloudwatch.types.js'
import type { CloudWatchOperation } from '../deps.js'
import { CloudWatchErrors } from '../errors.js'

/** ListMetrics answers 500 metrics a page, as CloudWatch does. */
export const LIST_PAGE_SIZE = 500
const RECENTLY_ACTIVE_MS = 3 * 3_600_000

/** ListMetrics: the metrics the store holds data for, filtered, in pages. */
export const listMetrics: CloudWatchOperation<Cw.ListMetricsInput, Cw.ListMetricsOutput> = async (input, deps) => {
  const offset = input.NextToken === undefined ? 0 : pageOffset(input.NextToken)
  const metrics = deps.metrics.list({
    namespace: input.Namespace,
    metricName: input.MetricName,
    dimensions: input.Dimensions?.map((d) => ({ name: d.Name, value: d.Value })),
    activeSince: input.RecentlyActive === 'PT3H' ? deps.clock.now() - RECENTLY_ACTIVE_MS : undefined,
  })
  if (offset > metrics.length) throw CloudWatchErrors.invalidNextToken()
  const page = metrics.slice(offset, offset + LIST_PAGE_SIZE)
  const next = offset + LIST_PAGE_SIZE < metrics.length ? { NextToken: pageToken(offset + LIST_PAGE_SIZE) } : {}
  return {
    Metrics: page.map((m) => ({ Namespace: m.namespace, MetricName: m.metricName, Dimensions: m.dimensions.map((d) => ({ Name: d.name, Value: d.value })) })),
    ...next,
  }
}

/** A page token: the offset, opaque to clients. */
export const pageToken = (offset: number): string => Buffer.from(JSON.stringify({ o: offset })).toString('base64url')

export function pageOffset(token: string): number {
  try {
    const o: unknown = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown }).o
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o
  } catch {
    // falls through to the refusal
  }
  throw CloudWatchErrors.invalidNextToken()
}
