import type { AlarmRecord } from '../core/model/alarm.js'

/** A metric alarm with CloudWatch's defaults for a new one; `over` replaces any field. */
export function mockAlarm(over: Partial<AlarmRecord> & { name: string }): AlarmRecord {
  return {
    arn: `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${over.name}`,
    actionsEnabled: true,
    okActions: [],
    alarmActions: [],
    insufficientDataActions: [],
    namespace: 'AWS/ECS',
    metricName: 'CPUUtilization',
    dimensions: [],
    statistic: 'Average',
    periodSeconds: 60,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    threshold: 50,
    comparisonOperator: 'GreaterThanThreshold',
    treatMissingData: 'missing',
    stateValue: 'INSUFFICIENT_DATA',
    stateReason: 'Unchecked: Initial alarm creation',
    stateUpdatedAt: 0,
    configurationUpdatedAt: 0,
    ...over,
  }
}
