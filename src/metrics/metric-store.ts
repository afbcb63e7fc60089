/**
 * CloudWatch metrics as Berth keeps them: every source (the agents' container stats, the load
 * balancer's counters, PutMetricData) puts observations here, and every reader (the CloudWatch
 * API, alarm evaluation, Prometheus, `berth top`) asks for per-period statistics. Samples never
 * pass through the indexed store (state/store.ts): its watch would wake every controller on
 * every sample. The implementation keeps recent data in memory and persists its rollups on its
 * own, bounded in size and age.
 */
export interface MetricStore {
  /** Records observations; cheap and synchronous (persistence happens behind it). */
  put(observations: readonly Observation[]): void
  /** Per-period statistics of one metric, oldest first; periods without data are absent. */
  query(query: MetricQuery): PeriodDatapoint[]
  /** The metrics that have data, ordered by namespace, name, then dimensions. */
  list(filter: MetricFilter): MetricId[]
}

/** A metric's identity, as CloudWatch's: namespace, name and its dimensions sorted by name. */
export interface MetricId {
  namespace: string
  metricName: string
  dimensions: readonly Dimension[]
}

export interface Dimension {
  name: string
  value: string
}

/** Observations summarised, as CloudWatch's StatisticSet (one value is count 1, sum = min = max = it). */
export interface StatisticSet {
  sampleCount: number
  sum: number
  minimum: number
  maximum: number
}

export interface Observation {
  metric: MetricId
  /** Epoch milliseconds. */
  timestamp: number
  values: StatisticSet
  /** CloudWatch's StandardUnit (`Percent`, `Count`, `Seconds`, ...); absent is `None`. */
  unit?: string | undefined
  /** 1 for high resolution (PutMetricData's StorageResolution), else 60. */
  storageResolution: 1 | 60
}

export interface MetricQuery {
  metric: MetricId
  /** Epoch milliseconds; periods starting in [startTime, endTime) are answered. */
  startTime: number
  endTime: number
  periodSeconds: number
  /** Only observations put with this unit; absent, all. */
  unit?: string | undefined
}

export interface PeriodDatapoint extends StatisticSet {
  /** The period's start, epoch milliseconds. */
  timestamp: number
  unit: string | undefined
}

export interface MetricFilter {
  namespace?: string | undefined
  metricName?: string | undefined
  /** Each named dimension must be present, with this value when one is given. */
  dimensions?: readonly { name: string; value?: string | undefined }[] | undefined
  /** Only metrics with an observation at or after this time (ListMetrics' RecentlyActive PT3H). */
  activeSince?: number | undefined
}

/** CloudWatch's statistics (percentiles aside). */
export type Statistic = 'SampleCount' | 'Average' | 'Sum' | 'Minimum' | 'Maximum'

/** A statistic of a period's observations; the average of none is 0. */
export function statisticOf(p: StatisticSet, statistic: Statistic): number {
  switch (statistic) {
    case 'SampleCount':
      return p.sampleCount
    case 'Sum':
      return p.sum
    case 'Minimum':
      return p.minimum
    case 'Maximum':
      return p.maximum
    case 'Average':
      return p.sampleCount === 0 ? 0 : p.sum / p.sampleCount
  }
}

/** One value as a StatisticSet. */
export const single = (value: number): StatisticSet => ({ sampleCount: 1, sum: value, minimum: value, maximum: value })

/** A metric id with its dimensions in CloudWatch's order (by name), so equal metrics compare equal. */
export function metricId(namespace: string, metricName: string, dimensions: readonly Dimension[] = []): MetricId {
  return { namespace, metricName, dimensions: [...dimensions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) }
}

/** A stable string key for a metric id (map keys, persistence). */
export const metricKey = (m: MetricId): string =>
  JSON.stringify([m.namespace, m.metricName, m.dimensions.map((d) => [d.name, d.value])])
