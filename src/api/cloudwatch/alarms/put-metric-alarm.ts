import type * as Cw from '../../../core/aws-model/cloudwatch.types.js'
import type { AlarmRecord, ComparisonOperator, TreatMissingData } from '../../../core/model/alarm.js'
import { configurationUpdate } from '../../../metrics/alarms/history.js'
import { metricId } from '../../../metrics/metric-store.js'
import type { CloudWatchOperation } from '../deps.js'
import { CloudWatchErrors } from '../errors.js'

/** The state a new alarm starts in, as CloudWatch words it. */
export const INITIAL_STATE_REASON = 'Unchecked: Initial alarm creation'

const OPERATORS: readonly ComparisonOperator[] = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold']
const TREATMENTS: readonly TreatMissingData[] = ['missing', 'notBreaching', 'breaching', 'ignore']
const DAY_S = 86_400

/**
 * PutMetricAlarm: creates a single-metric alarm, or replaces the configuration of the one of
 * that name. A new alarm starts INSUFFICIENT_DATA; an updated one keeps its state until its
 * next evaluation (CloudWatch: "its state is left unchanged, but the update completely
 * overwrites the previous configuration"). Either way a ConfigurationUpdate history entry.
 * Tags are kept on a new alarm, and ignored on an update, as CloudWatch documents.
 */
export const putMetricAlarm: CloudWatchOperation<Cw.PutMetricAlarmInput, void> = async (input, deps) => {
  const now = deps.clock.now()
  const config = alarmConfigurationOf(input)
  await deps.store.txn(async (tx) => {
    const existing = await tx.alarms.get(input.AlarmName)
    const arn = deps.arns.alarm(input.AlarmName)
    if (existing) {
      const updated: AlarmRecord = { ...existing, ...config, configurationUpdatedAt: now }
      await tx.alarms.put(updated)
      await tx.alarmHistory.append(configurationUpdate({ type: 'Update', alarm: updated, original: existing }, now))
      return
    }
    const created: AlarmRecord = {
      arn,
      name: input.AlarmName,
      ...config,
      stateValue: 'INSUFFICIENT_DATA',
      stateReason: INITIAL_STATE_REASON,
      stateUpdatedAt: now,
      configurationUpdatedAt: now,
    }
    await tx.alarms.put(created)
    await tx.alarmHistory.append(configurationUpdate({ type: 'Create', alarm: created }, now))
    const tags = (input.Tags ?? []).map((t) => ({ key: t.Key, value: t.Value }))
    if (tags.length > 0) await tx.tags.put(arn, tags)
  })
}

type Configuration = Omit<AlarmRecord, 'arn' | 'name' | 'stateValue' | 'stateReason' | 'stateReasonData' | 'stateUpdatedAt' | 'configurationUpdatedAt' | 'ownedByPolicyArn'>

/** The request as an alarm's configuration, or CloudWatch's refusal of its first bad member (pure). */
export function alarmConfigurationOf(input: Cw.PutMetricAlarmInput): Configuration {
  if (!/^[\x20-\x7e]*$/.test(input.AlarmName)) {
    throw CloudWatchErrors.invalidParameterValue(`The value ${input.AlarmName} for parameter AlarmName is invalid: alarm names must contain only ASCII characters.`)
  }
  const namespace = required(input.Namespace, 'Namespace')
  const metricName = required(input.MetricName, 'MetricName')
  const statistic = required(input.Statistic, 'Statistic')
  const period = required(input.Period, 'Period')
  const evaluationPeriods = required(input.EvaluationPeriods, 'EvaluationPeriods')
  const threshold = required(input.Threshold, 'Threshold')
  const operator = required(input.ComparisonOperator, 'ComparisonOperator')
  if (!OPERATORS.includes(operator as ComparisonOperator)) {
    throw CloudWatchErrors.invalidParameterValue(
      `The value ${operator} for parameter ComparisonOperator is invalid: ${operator} needs an anomaly detection band (ThresholdMetricId), which Berth does not evaluate.`,
    )
  }
  if (period !== 10 && period !== 20 && period !== 30 && period % 60 !== 0) {
    throw CloudWatchErrors.invalidParameterValue(`The value ${period} for parameter Period is invalid: it must be 10, 20, 30 or a multiple of 60.`)
  }
  if (evaluationPeriods < 1) throw CloudWatchErrors.invalidParameterValue(`The value ${evaluationPeriods} for parameter EvaluationPeriods is invalid: it must be at least 1.`)
  // CloudWatch: one day for periods under an hour, seven days for longer ones.
  const maxRange = period < 3600 ? DAY_S : 7 * DAY_S
  if (period * evaluationPeriods > maxRange) {
    throw CloudWatchErrors.validation(`Metrics cannot be checked across more than ${period < 3600 ? 'a day' : 'seven days'} (EvaluationPeriods * Period must be <= ${maxRange})`)
  }
  const datapointsToAlarm = input.DatapointsToAlarm ?? evaluationPeriods
  if (datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods) {
    throw CloudWatchErrors.validation(`DatapointsToAlarm must be between 1 and EvaluationPeriods (${evaluationPeriods}); it was ${datapointsToAlarm}.`)
  }
  const treatMissingData = input.TreatMissingData ?? 'missing'
  if (!TREATMENTS.includes(treatMissingData as TreatMissingData)) {
    throw CloudWatchErrors.invalidParameterValue(`The value ${treatMissingData} for parameter TreatMissingData is invalid: it must be one of missing, notBreaching, breaching, ignore.`)
  }
  if (!Number.isFinite(threshold)) throw CloudWatchErrors.invalidParameterValue(`The value ${threshold} for parameter Threshold is invalid.`)
  const dimensions = input.Dimensions ?? []
  if (dimensions.length > 30) throw CloudWatchErrors.invalidParameterValue('The collection Dimensions must not have a size greater than 30.')
  const names = new Set<string>()
  for (const d of dimensions) {
    if (names.has(d.Name)) throw CloudWatchErrors.invalidParameterValue(`The dimension name ${d.Name} appears more than once in Dimensions.`)
    names.add(d.Name)
  }
  const actions = (list: readonly string[] | undefined, member: string) => {
    for (const a of list ?? []) if (!/^arn:[^:]+:[^:]+:/.test(a)) throw CloudWatchErrors.validation(`Invalid arn syntax: ${a} (${member})`)
    return [...(list ?? [])]
  }
  return {
    ...(input.AlarmDescription !== undefined ? { description: input.AlarmDescription } : {}),
    actionsEnabled: input.ActionsEnabled ?? true,
    okActions: actions(input.OKActions, 'OKActions'),
    alarmActions: actions(input.AlarmActions, 'AlarmActions'),
    insufficientDataActions: actions(input.InsufficientDataActions, 'InsufficientDataActions'),
    namespace,
    metricName,
    // Stored in CloudWatch's order (by name), so DescribeAlarmsForMetric and the metric store agree.
    dimensions: metricId(namespace, metricName, dimensions.map((d) => ({ name: d.Name, value: d.Value }))).dimensions,
    statistic,
    periodSeconds: period,
    ...(input.Unit !== undefined ? { unit: input.Unit } : {}),
    evaluationPeriods,
    datapointsToAlarm,
    threshold,
    comparisonOperator: operator as ComparisonOperator,
    treatMissingData: treatMissingData as TreatMissingData,
  }
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw CloudWatchErrors.missingParameter(`The parameter ${name} is required.`)
  return value
}
