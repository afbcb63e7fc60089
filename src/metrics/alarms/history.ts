import type { AlarmHistoryRecord, AlarmRecord, AlarmState } from '../../core/model/alarm.js'

/**
 * The history entries CloudWatch writes for an alarm, with its summaries and HistoryData
 * (JSON, version 1.0): a StateUpdate on each change of state, a ConfigurationUpdate when
 * PutMetricAlarm creates or changes it and when DeleteAlarms deletes it.
 */
export function stateUpdate(
  before: Pick<AlarmRecord, 'name' | 'stateValue' | 'stateReason' | 'stateReasonData'>,
  after: { state: AlarmState; reason: string; reasonData?: string | undefined },
  timestamp: number,
): AlarmHistoryRecord {
  const state = (value: AlarmState, reason: string, data: string | undefined) => ({
    stateValue: value,
    stateReason: reason,
    ...(data !== undefined ? { stateReasonData: parseOr(data) } : {}),
  })
  return {
    alarmName: before.name,
    timestamp,
    type: 'StateUpdate',
    summary: `Alarm updated from ${before.stateValue} to ${after.state}`,
    data: JSON.stringify({
      version: '1.0',
      oldState: state(before.stateValue, before.stateReason, before.stateReasonData),
      newState: state(after.state, after.reason, after.reasonData),
    }),
  }
}

export type ConfigurationChange = { type: 'Create'; alarm: AlarmRecord } | { type: 'Update'; alarm: AlarmRecord; original: AlarmRecord } | { type: 'Delete'; alarm: AlarmRecord }

export function configurationUpdate(change: ConfigurationChange, timestamp: number): AlarmHistoryRecord {
  const verb = { Create: 'created', Update: 'updated', Delete: 'deleted' }[change.type]
  const data =
    change.type === 'Create'
      ? { type: 'Create', version: '1.0', createdAlarm: configurationOf(change.alarm) }
      : change.type === 'Update'
        ? { type: 'Update', version: '1.0', updatedAlarm: configurationOf(change.alarm), originalUpdatedAlarm: configurationOf(change.original) }
        : { type: 'Delete', version: '1.0', deletedAlarm: configurationOf(change.alarm) }
  return { alarmName: change.alarm.name, timestamp, type: 'ConfigurationUpdate', summary: `Alarm "${change.alarm.name}" ${verb}`, data: JSON.stringify(data) }
}

/** The configuration as CloudWatch's history data writes it (camelCase, no state). */
function configurationOf(a: AlarmRecord): Record<string, unknown> {
  return {
    dimensions: a.dimensions,
    namespace: a.namespace,
    metricName: a.metricName,
    statistic: a.statistic,
    period: a.periodSeconds,
    ...(a.unit !== undefined ? { unit: a.unit } : {}),
    evaluationPeriods: a.evaluationPeriods,
    datapointsToAlarm: a.datapointsToAlarm,
    threshold: a.threshold,
    comparisonOperator: a.comparisonOperator,
    treatMissingData: a.treatMissingData,
    actionsEnabled: a.actionsEnabled,
    alarmActions: a.alarmActions,
    okactions: a.okActions,
    insufficientDataActions: a.insufficientDataActions,
    ...(a.description !== undefined ? { alarmDescription: a.description } : {}),
    alarmName: a.name,
    alarmArn: a.arn,
  }
}

function parseOr(json: string): unknown {
  try {
    return JSON.parse(json)
  } catch {
    return json
  }
}
