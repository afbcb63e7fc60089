import type { AuthorizationTable, OperationChecks } from '../../iam/index.js'
import type { RefusedMembers } from '../../shapes/refused-members.js'
import type { CloudWatchArns } from '../arns.js'
import type { CloudWatchOperation } from '../deps.js'
import { deleteAlarms, disableAlarmActions, enableAlarmActions, setAlarmState } from './change-alarms.js'
import { describeAlarmHistory } from './describe-alarm-history.js'
import { describeAlarms, describeAlarmsForMetric } from './describe-alarms.js'
import { putMetricAlarm } from './put-metric-alarm.js'

/** The alarm operations: single-metric alarms, their state and their history. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const alarmOperations: Record<string, CloudWatchOperation<any, any>> = {
  PutMetricAlarm: putMetricAlarm,
  DescribeAlarms: describeAlarms,
  DescribeAlarmsForMetric: describeAlarmsForMetric,
  DescribeAlarmHistory: describeAlarmHistory,
  DeleteAlarms: deleteAlarms,
  SetAlarmState: setAlarmState,
  EnableAlarmActions: enableAlarmActions,
  DisableAlarmActions: disableAlarmActions,
}

const anyResource =
  (op: string): OperationChecks<CloudWatchArns> =>
  () => [{ action: `cloudwatch:${op}`, resource: '*' }]
const eachAlarm =
  (op: string): OperationChecks<CloudWatchArns, never, { AlarmNames: string[] }> =>
  (input, arns) => input.AlarmNames.map((n) => ({ action: `cloudwatch:${op}`, resource: arns.alarm(n) }))
const oneAlarm =
  (op: string): OperationChecks<CloudWatchArns, never, { AlarmName: string }> =>
  (input, arns) => [{ action: `cloudwatch:${op}`, resource: arns.alarm(input.AlarmName) }]

/** What each alarm operation asks IAM (AWS's service authorization reference for CloudWatch). */
export const ALARM_AUTHORIZATION: AuthorizationTable<CloudWatchArns> = {
  PutMetricAlarm: oneAlarm('PutMetricAlarm'),
  DescribeAlarms: anyResource('DescribeAlarms'),
  DescribeAlarmsForMetric: anyResource('DescribeAlarmsForMetric'),
  DescribeAlarmHistory: anyResource('DescribeAlarmHistory'),
  DeleteAlarms: eachAlarm('DeleteAlarms'),
  SetAlarmState: oneAlarm('SetAlarmState'),
  EnableAlarmActions: eachAlarm('EnableAlarmActions'),
  DisableAlarmActions: eachAlarm('DisableAlarmActions'),
}

const SINGLE_METRIC = 'Berth evaluates single-metric alarms only (MetricName, Namespace, Statistic, Period).'

/** Alarm members Berth does not act on, refused by name. */
export const ALARM_REFUSED_MEMBERS: RefusedMembers = {
  PutMetricAlarm: [
    { path: 'Metrics', reason: `Berth does not evaluate metric math alarms. ${SINGLE_METRIC}` },
    { path: 'ThresholdMetricId', reason: `Berth does not evaluate anomaly detection bands. ${SINGLE_METRIC}` },
    { path: 'ExtendedStatistic', reason: 'Berth keeps rollups (count, sum, minimum, maximum), not the distributions percentiles need; use Statistic.' },
    { path: 'EvaluateLowSampleCountPercentile', reason: 'Berth does not evaluate percentile alarms.' },
    { path: 'EvaluationCriteria', reason: `Berth does not evaluate PromQL alarms. ${SINGLE_METRIC}` },
    { path: 'EvaluationInterval', reason: 'Berth evaluates an alarm once per its Period.' },
  ],
  DescribeAlarmsForMetric: [{ path: 'ExtendedStatistic', reason: 'Berth keeps no percentile alarms.' }],
  DescribeAlarmHistory: [{ path: 'AlarmContributorId', reason: 'Berth keeps no multi-contributor alarms.' }],
}
