import type * as Cw from '../../../core/aws-model/cloudwatch.types.js'
import type { AlarmRecord } from '../../../core/model/alarm.js'
import type { StoredAlarmHistory } from '../../../state/alarm-store.js'
import { toWireTime } from '../deps.js'
import { CloudWatchErrors } from '../errors.js'

/** An alarm as DescribeAlarms and DescribeAlarmsForMetric answer it. */
export function metricAlarmOf(a: AlarmRecord): Cw.MetricAlarm {
  return {
    AlarmName: a.name,
    AlarmArn: a.arn,
    ...(a.description !== undefined ? { AlarmDescription: a.description } : {}),
    AlarmConfigurationUpdatedTimestamp: toWireTime(a.configurationUpdatedAt),
    ActionsEnabled: a.actionsEnabled,
    OKActions: [...a.okActions],
    AlarmActions: [...a.alarmActions],
    InsufficientDataActions: [...a.insufficientDataActions],
    StateValue: a.stateValue,
    StateReason: a.stateReason,
    ...(a.stateReasonData !== undefined ? { StateReasonData: a.stateReasonData } : {}),
    StateUpdatedTimestamp: toWireTime(a.stateUpdatedAt),
    MetricName: a.metricName,
    Namespace: a.namespace,
    Statistic: a.statistic,
    Dimensions: a.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
    Period: a.periodSeconds,
    ...(a.unit !== undefined ? { Unit: a.unit as Cw.StandardUnit } : {}),
    EvaluationPeriods: a.evaluationPeriods,
    DatapointsToAlarm: a.datapointsToAlarm,
    Threshold: a.threshold,
    ComparisonOperator: a.comparisonOperator,
    TreatMissingData: a.treatMissingData,
    // The state only changes on a transition here, so the two timestamps agree.
    StateTransitionedTimestamp: toWireTime(a.stateUpdatedAt),
  }
}

export function historyItemOf(h: StoredAlarmHistory): Cw.AlarmHistoryItem {
  return {
    AlarmName: h.alarmName,
    AlarmType: 'MetricAlarm',
    Timestamp: toWireTime(h.timestamp),
    HistoryItemType: h.type,
    HistorySummary: h.summary,
    HistoryData: h.data,
  }
}

/** NextToken: a keyset position, opaque to clients (base64url JSON). */
export const encodeToken = (key: unknown): string => Buffer.from(JSON.stringify(key)).toString('base64url')

export function decodeToken<T>(token: string, valid: (v: unknown) => v is T): T {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
    if (valid(v)) return v
  } catch {
    // falls through to the refusal
  }
  throw CloudWatchErrors.invalidNextToken()
}

/** MaxRecords as given, within 1..100, or the default. */
export function maxRecords(value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < 1 || value > 100) {
    throw CloudWatchErrors.invalidParameterValue(`The value ${value} for parameter MaxRecords is invalid: it must be between 1 and 100.`)
  }
  return value
}
