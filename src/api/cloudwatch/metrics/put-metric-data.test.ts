import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type * as Cw from '../../../core/aws-model/cloudwatch.types.js'
import { observationsOf } from './put-metric-data.js'

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0)
const one = (datum: Partial<Cw.MetricDatum>) => observationsOf({ Namespace: 'App', MetricData: [{ MetricName: 'm', ...datum }] }, NOW)[0]

describe('PutMetricData: a datum as an observation', () => {
  const cases: [string, Partial<Cw.MetricDatum>, unknown][] = [
    ['Value', { Value: 2.5 }, { sampleCount: 1, sum: 2.5, minimum: 2.5, maximum: 2.5 }],
    ['Values with Counts (a zero count counts nothing)', { Values: [1, 5, 9], Counts: [2, 3, 0] }, { sampleCount: 5, sum: 17, minimum: 1, maximum: 5 }],
    ['Values without Counts', { Values: [4, -2] }, { sampleCount: 2, sum: 2, minimum: -2, maximum: 4 }],
    ['StatisticValues', { StatisticValues: { SampleCount: 3, Sum: 6, Minimum: 1, Maximum: 3 } }, { sampleCount: 3, sum: 6, minimum: 1, maximum: 3 }],
  ]
  for (const [name, datum, values] of cases) it(name, () => assert.deepEqual(one(datum)?.values, values))

  it('defaults: now, standard resolution, no unit; dimensions sorted by name', () => {
    const o = one({ Value: 1, Dimensions: [{ Name: 'b', Value: '2' }, { Name: 'a', Value: '1' }] })
    assert.deepEqual(o, {
      metric: { namespace: 'App', metricName: 'm', dimensions: [{ name: 'a', value: '1' }, { name: 'b', value: '2' }] },
      timestamp: NOW,
      values: { sampleCount: 1, sum: 1, minimum: 1, maximum: 1 },
      unit: undefined,
      storageResolution: 60,
    })
  })

  const refusals: [string, Partial<Cw.MetricDatum>, string, RegExp][] = [
    ['no value', {}, 'MissingRequiredParameterException', /At least one of the parameters MetricData.member.1.Value, MetricData.member.1.StatisticValues or MetricData.member.1.Values must be specified\./],
    ['Counts without Values', { Value: 1, Counts: [1] }, 'InvalidParameterCombinationException', /Counts may only be specified with/],
    ['151 values', { Values: Array.from({ length: 151 }, () => 1) }, 'InvalidParameterValueException', /must not have a size greater than 150/],
    ['all counts zero', { Values: [1], Counts: [0] }, 'InvalidParameterValueException', /must count at least one value/],
    ['a negative count', { Values: [1], Counts: [-1] }, 'InvalidParameterValueException', /counts must not be negative/],
    ['minimum above maximum', { StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 2, Maximum: 1 } }, 'InvalidParameterValueException', /Minimum must be less than or equal to/],
    ['a zero SampleCount', { StatisticValues: { SampleCount: 0, Sum: 1, Minimum: 1, Maximum: 1 } }, 'InvalidParameterValueException', /SampleCount is invalid/],
    ['a value past 2^360', { Value: 2 ** 361 }, 'InvalidParameterValueException', /MetricData.member.1.Value is invalid/],
    ['a dimension twice', { Value: 1, Dimensions: [{ Name: 'a', Value: '1' }, { Name: 'a', Value: '2' }] }, 'InvalidParameterValueException', /The dimension name a appears more than once/],
  ]
  for (const [name, datum, code, message] of refusals) {
    it(`refuses ${name}`, () => assert.throws(() => one(datum), (e: { code: string; message: string }) => e.code === code && message.test(e.message)))
  }

  it('refuses no MetricData and more than 1,000', () => {
    assert.throws(() => observationsOf({ Namespace: 'App' }, NOW), /The parameter MetricData is required\./)
    const many = Array.from({ length: 1001 }, () => ({ MetricName: 'm', Value: 1 }))
    assert.throws(() => observationsOf({ Namespace: 'App', MetricData: many }, NOW), /must not have a size greater than 1000/)
  })
})
