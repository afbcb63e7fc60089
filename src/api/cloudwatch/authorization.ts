import type { AuthorizationTable, OperationChecks } from '../iam/index.js'
import type { CloudWatchArns } from './arns.js'

/**
 * What each CloudWatch operation asks IAM, after AWS's "Actions, resources, and condition keys
 * for Amazon CloudWatch": the metric actions name no resource (`*`); alarm actions name the
 * alarm's ARN (added with them, alarms' file).
 */
const anyResource =
  (op: string): OperationChecks<CloudWatchArns> =>
  () => [{ action: `cloudwatch:${op}`, resource: '*' }]

export const METRIC_AUTHORIZATION: AuthorizationTable<CloudWatchArns> = {
  // cloudwatch:namespace is the condition key AWS gives PutMetricData.
  PutMetricData: (input: { Namespace: string }) => [{ action: 'cloudwatch:PutMetricData', resource: '*', context: { 'cloudwatch:namespace': input.Namespace } }],
  GetMetricStatistics: anyResource('GetMetricStatistics'),
  GetMetricData: anyResource('GetMetricData'),
  ListMetrics: anyResource('ListMetrics'),
}
