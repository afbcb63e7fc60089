import type * as Cw from '../../../core/aws-model/cloudwatch.types.js'
import type { CloudWatchOperation } from '../deps.js'

export const getMetricStatistics: CloudWatchOperation<Cw.GetMetricStatisticsInput, Cw.GetMetricStatisticsOutput> = async (input) => ({ Label: input.MetricName, Datapoints: [] })
