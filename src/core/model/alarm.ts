/**
 * A CloudWatch metric alarm as Berth stores it. PutMetricAlarm and Application Auto Scaling
 * (target tracking creates and owns its alarms) write its configuration; the alarm evaluator
 * alone writes its state (`state*` fields) and appends its history. Application Auto Scaling
 * reads the state level-triggered: a policy whose ARN is among the AlarmActions of an alarm in
 * ALARM (with actions enabled) acts, cooldowns permitting.
 */
export interface AlarmRecord {
  /** `arn:aws:cloudwatch:<region>:<account>:alarm:<name>`. */
  arn: string
  name: string
  description?: string | undefined
  actionsEnabled: boolean
  okActions: readonly string[]
  alarmActions: readonly string[]
  insufficientDataActions: readonly string[]
  /** The single metric the alarm watches (Berth refuses `Metrics` math alarms until it evaluates them). */
  namespace: string
  metricName: string
  dimensions: readonly { name: string; value: string }[]
  statistic: AlarmStatistic
  periodSeconds: number
  unit?: string | undefined
  evaluationPeriods: number
  datapointsToAlarm: number
  threshold: number
  comparisonOperator: ComparisonOperator
  treatMissingData: TreatMissingData
  stateValue: AlarmState
  stateReason: string
  /** JSON, as CloudWatch's StateReasonData. */
  stateReasonData?: string | undefined
  /** Epoch milliseconds. */
  stateUpdatedAt: number
  /** Epoch milliseconds: the last change to the configuration. */
  configurationUpdatedAt: number
  /** Set on alarms Application Auto Scaling made for a target-tracking policy: that policy's ARN. */
  ownedByPolicyArn?: string | undefined
}

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'
export type AlarmStatistic = 'SampleCount' | 'Average' | 'Sum' | 'Minimum' | 'Maximum'
export type ComparisonOperator =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold'
export type TreatMissingData = 'missing' | 'notBreaching' | 'breaching' | 'ignore'

/** One entry of DescribeAlarmHistory. */
export interface AlarmHistoryRecord {
  alarmName: string
  /** Epoch milliseconds. */
  timestamp: number
  type: 'ConfigurationUpdate' | 'StateUpdate' | 'Action'
  summary: string
  /** JSON, as CloudWatch writes HistoryData. */
  data: string
}
