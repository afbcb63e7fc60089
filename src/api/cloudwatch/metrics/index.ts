import type { CloudWatchOperation } from '../deps.js'
import { getMetricData } from './get-metric-data.js'
import { getMetricStatistics } from './get-metric-statistics.js'
import { listMetrics } from './list-metrics.js'
import { putMetricData } from './put-metric-data.js'

/** The metric operations: samples in (PutMetricData), statistics and math out, metrics listed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const metricOperations: Record<string, CloudWatchOperation<any, any>> = {
  PutMetricData: putMetricData,
  GetMetricStatistics: getMetricStatistics,
  GetMetricData: getMetricData,
  ListMetrics: listMetrics,
}
