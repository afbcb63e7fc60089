import type * as Cw from '../../../core/aws-model/cloudwatch.types.js'
import { metricId, type Observation, type StatisticSet } from '../../../metrics/metric-store.js'
import { wireTime, type CloudWatchOperation } from '../deps.js'
import { CloudWatchErrors } from '../errors.js'

/** CloudWatch's PutMetricData quotas (CloudWatch service quotas, 2023 onwards). */
export const PUT_LIMITS = {
  metricData: 1000,
  dimensions: 30,
  values: 150,
  pastMs: 14 * 86_400_000,
  futureMs: 2 * 3_600_000,
  /** CloudWatch rejects magnitudes past 2^360 and non-zero ones below 2^-360. */
  maxMagnitude: 2 ** 360,
  minMagnitude: 2 ** -360,
} as const

/** PutMetricData: custom metrics into the metric store. All are checked before any is kept. */
export const putMetricData: CloudWatchOperation<Cw.PutMetricDataInput, void> = async (input, deps) => {
  deps.metrics.put(observationsOf(input, deps.clock.now()))
}

/** The request as observations, or CloudWatch's refusal of its first bad member (pure). */
export function observationsOf(input: Cw.PutMetricDataInput, now: number): Observation[] {
  if (input.Namespace.startsWith('AWS/')) {
    throw CloudWatchErrors.invalidParameterValue(`The value ${input.Namespace} for parameter Namespace is invalid: namespaces starting with AWS/ are reserved for AWS services.`)
  }
  const data = input.MetricData
  if (!data || data.length === 0) throw CloudWatchErrors.missingParameter('The parameter MetricData is required.')
  if (data.length > PUT_LIMITS.metricData) {
    throw CloudWatchErrors.invalidParameterValue(`The collection MetricData must not have a size greater than ${PUT_LIMITS.metricData}.`)
  }
  return data.map((datum, i) => observationOf(input.Namespace, datum, `MetricData.member.${i + 1}`, now))
}

function observationOf(namespace: string, d: Cw.MetricDatum, at: string, now: number): Observation {
  const dims = d.Dimensions ?? []
  if (dims.length > PUT_LIMITS.dimensions) {
    throw CloudWatchErrors.invalidParameterValue(`The collection ${at}.Dimensions must not have a size greater than ${PUT_LIMITS.dimensions}.`)
  }
  const names = new Set<string>()
  for (const dim of dims) {
    if (names.has(dim.Name)) throw CloudWatchErrors.invalidParameterValue(`The dimension name ${dim.Name} appears more than once in ${at}.Dimensions.`)
    names.add(dim.Name)
  }
  const resolution = d.StorageResolution ?? 60
  if (resolution !== 1 && resolution !== 60) {
    throw CloudWatchErrors.invalidParameterValue(`The value ${resolution} for parameter ${at}.StorageResolution is invalid: it must be 1 or 60.`)
  }
  const timestamp = d.Timestamp === undefined ? now : wireTime(d.Timestamp)
  if (timestamp < now - PUT_LIMITS.pastMs) {
    throw CloudWatchErrors.invalidParameterValue(`The parameter ${at}.Timestamp must specify a time no more than two weeks in the past.`)
  }
  if (timestamp > now + PUT_LIMITS.futureMs) {
    throw CloudWatchErrors.invalidParameterValue(`The parameter ${at}.Timestamp must specify a time no more than two hours in the future.`)
  }
  return {
    metric: metricId(namespace, d.MetricName, dims.map((x) => ({ name: x.Name, value: x.Value }))),
    timestamp,
    values: valuesOf(d, at),
    unit: d.Unit,
    storageResolution: resolution,
  }
}

/** The datum's observations as one statistic set: exactly one of Value, Values (+Counts), StatisticValues. */
function valuesOf(d: Cw.MetricDatum, at: string): StatisticSet {
  const given = (['Value', 'Values', 'StatisticValues'] as const).filter((m) => d[m] !== undefined)
  if (given.length > 1) {
    throw CloudWatchErrors.invalidParameterCombination(
      `The parameters ${at}.${given[0]} and ${at}.${given[1]} are mutually exclusive and you have specified both.`,
    )
  }
  if (d.Counts !== undefined && d.Values === undefined) {
    throw CloudWatchErrors.invalidParameterCombination(`The parameter ${at}.Counts may only be specified with ${at}.Values.`)
  }
  if (d.Value !== undefined) {
    checkValue(d.Value, `${at}.Value`)
    return { sampleCount: 1, sum: d.Value, minimum: d.Value, maximum: d.Value }
  }
  if (d.Values !== undefined) return valuesWithCounts(d.Values, d.Counts, at)
  if (d.StatisticValues !== undefined) return statisticSet(d.StatisticValues, `${at}.StatisticValues`)
  throw CloudWatchErrors.missingParameter(`At least one of the parameters ${at}.Value, ${at}.StatisticValues or ${at}.Values must be specified.`)
}

function valuesWithCounts(values: readonly number[], counts: readonly number[] | undefined, at: string): StatisticSet {
  if (values.length === 0) throw CloudWatchErrors.missingParameter(`The parameter ${at}.Values must contain at least one value.`)
  if (values.length > PUT_LIMITS.values) {
    throw CloudWatchErrors.invalidParameterValue(`The collection ${at}.Values must not have a size greater than ${PUT_LIMITS.values}.`)
  }
  if (counts !== undefined && counts.length !== values.length) {
    throw CloudWatchErrors.invalidParameterValue(`The parameters ${at}.Values and ${at}.Counts must be of the same size.`)
  }
  const set: StatisticSet = { sampleCount: 0, sum: 0, minimum: Infinity, maximum: -Infinity }
  values.forEach((v, i) => {
    checkValue(v, `${at}.Values.member.${i + 1}`)
    const count = counts?.[i] ?? 1
    if (!(count >= 0)) throw CloudWatchErrors.invalidParameterValue(`The value ${count} for parameter ${at}.Counts.member.${i + 1} is invalid: counts must not be negative.`)
    if (count === 0) return
    set.sampleCount += count
    set.sum += v * count
    set.minimum = Math.min(set.minimum, v)
    set.maximum = Math.max(set.maximum, v)
  })
  if (set.sampleCount === 0) throw CloudWatchErrors.invalidParameterValue(`The parameter ${at}.Counts must count at least one value.`)
  return set
}

function statisticSet(s: Cw.StatisticSet, at: string): StatisticSet {
  checkValue(s.Sum, `${at}.Sum`)
  checkValue(s.Minimum, `${at}.Minimum`)
  checkValue(s.Maximum, `${at}.Maximum`)
  if (!(s.SampleCount > 0)) throw CloudWatchErrors.invalidParameterValue(`The value ${s.SampleCount} for parameter ${at}.SampleCount is invalid: it must be greater than 0.`)
  if (s.Minimum > s.Maximum) {
    throw CloudWatchErrors.invalidParameterValue(`The parameter ${at}.Minimum must be less than or equal to the parameter ${at}.Maximum.`)
  }
  return { sampleCount: s.SampleCount, sum: s.Sum, minimum: s.Minimum, maximum: s.Maximum }
}

function checkValue(v: number, at: string): void {
  const m = Math.abs(v)
  if (m > PUT_LIMITS.maxMagnitude || (m !== 0 && m < PUT_LIMITS.minMagnitude)) {
    throw CloudWatchErrors.invalidParameterValue(`The value ${v} for parameter ${at} is invalid: CloudWatch keeps values between 2^-360 and 2^360 in magnitude.`)
  }
}
