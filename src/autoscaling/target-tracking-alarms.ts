import type { AlarmRecord } from '../core/model/alarm.js'
import type { ScalableTargetRecord, TargetTrackingPolicyRecord } from '../core/model/scaling.js'
import type { TrackedMetric } from './tracked-metric.js'

/**
 * The two alarms target tracking creates and owns, as AWS makes them for an ECS service:
 *   TargetTracking-service/<c>/<s>-AlarmHigh-<uuid>  metric > target for 3 of 3 periods
 *   TargetTracking-service/<c>/<s>-AlarmLow-<uuid>   metric < 0.9 × target for 15 of 15 periods
 * (none when scale-in is disabled). Periods are 60 s, or the server's compressed period
 * (`--scaling-period`) for testing policies locally. Their actions name the policy.
 */
export const ALARM_HIGH_DATAPOINTS = 3
export const ALARM_LOW_DATAPOINTS = 15
export const ALARM_LOW_RATIO = 0.9

export interface OwnedAlarmInput {
  policy: Pick<TargetTrackingPolicyRecord, 'arn' | 'targetValue' | 'disableScaleIn'>
  target: Pick<ScalableTargetRecord, 'resourceId'>
  metric: TrackedMetric
  /** The uuid in the alarms' names (kept across updates of the policy). */
  uuid: string
  periodSeconds: number
  now: number
  alarmArn: (name: string) => string
}

export function targetTrackingAlarms(i: OwnedAlarmInput): AlarmRecord[] {
  const prefix = `TargetTracking-${i.target.resourceId}`
  const high = alarm(i, `${prefix}-AlarmHigh-${i.uuid}`, {
    threshold: i.policy.targetValue,
    comparisonOperator: 'GreaterThanThreshold',
    evaluationPeriods: ALARM_HIGH_DATAPOINTS,
    description: `DO NOT EDIT OR DELETE. For TargetTrackingScaling policy ${i.policy.arn}.`,
  })
  if (i.policy.disableScaleIn) return [high]
  const low = alarm(i, `${prefix}-AlarmLow-${i.uuid}`, {
    threshold: roundThreshold(i.policy.targetValue * ALARM_LOW_RATIO),
    comparisonOperator: 'LessThanThreshold',
    evaluationPeriods: ALARM_LOW_DATAPOINTS,
    description: `DO NOT EDIT OR DELETE. For TargetTrackingScaling policy ${i.policy.arn}.`,
  })
  return [high, low]
}

/** 0.9 × 50 is 45, not 45.00000000000001. */
const roundThreshold = (v: number) => Math.round(v * 1e9) / 1e9

function alarm(
  i: OwnedAlarmInput,
  name: string,
  o: { threshold: number; comparisonOperator: AlarmRecord['comparisonOperator']; evaluationPeriods: number; description: string },
): AlarmRecord {
  return {
    arn: i.alarmArn(name),
    name,
    description: o.description,
    actionsEnabled: true,
    okActions: [],
    alarmActions: [i.policy.arn],
    insufficientDataActions: [],
    namespace: i.metric.namespace,
    metricName: i.metric.metricName,
    dimensions: i.metric.dimensions,
    statistic: i.metric.statistic,
    periodSeconds: i.periodSeconds,
    ...(i.metric.unit !== undefined ? { unit: i.metric.unit } : {}),
    evaluationPeriods: o.evaluationPeriods,
    datapointsToAlarm: o.evaluationPeriods,
    threshold: o.threshold,
    comparisonOperator: o.comparisonOperator,
    treatMissingData: 'missing',
    stateValue: 'INSUFFICIENT_DATA',
    stateReason: 'Unchecked: Initial alarm creation',
    stateUpdatedAt: i.now,
    configurationUpdatedAt: i.now,
    ownedByPolicyArn: i.policy.arn,
  }
}

/** Which of a policy's owned alarms this is, by AWS's naming. */
export const isHighAlarm = (name: string) => /-AlarmHigh-[0-9a-f-]{36}$/.test(name)
export const isLowAlarm = (name: string) => /-AlarmLow-[0-9a-f-]{36}$/.test(name)
/** The uuid of an owned alarm's name. */
export const alarmUuidOf = (name: string) => /-Alarm(?:High|Low)-([0-9a-f-]{36})$/.exec(name)?.[1]
