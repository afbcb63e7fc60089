import type * as Cw from '../../../core/aws-model/cloudwatch.types.js'
import type { CloudWatchOperation } from '../deps.js'

export const getMetricData: CloudWatchOperation<Cw.GetMetricDataInput, Cw.GetMetricDataOutput> = async () => ({ MetricDataResults: [], Messages: [] })
