import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type * as Cw from '../../../core/aws-model/cloudwatch.types.js'
import { ApiError } from '../../../core/errors.js'
import { alarmConfigurationOf } from './put-metric-alarm.js'

const base: Cw.PutMetricAlarmInput = {
  AlarmName: 'a',
  Namespace: 'N',
  MetricName: 'M',
  Statistic: 'Average',
  Period: 60,
  EvaluationPeriods: 3,
  Threshold: 1,
  ComparisonOperator: 'GreaterThanThreshold',
}

describe('PutMetricAlarm’s checks', () => {
  // `undefined` takes the member out, as a request without it.
  const refusals: [string, Record<string, unknown>, string, RegExp][] = [
    ['no namespace', { Namespace: undefined }, 'MissingRequiredParameterException', /The parameter Namespace is required/],
    ['no statistic', { Statistic: undefined }, 'MissingRequiredParameterException', /The parameter Statistic is required/],
    ['a period not 10, 20, 30 or n×60', { Period: 90 }, 'InvalidParameterValueException', /Period is invalid/],
    ['more than a day for periods under an hour', { Period: 60, EvaluationPeriods: 1441 }, 'ValidationError', /more than a day/],
    ['more than seven days for longer periods', { Period: 3600, EvaluationPeriods: 169 }, 'ValidationError', /more than seven days/],
    ['DatapointsToAlarm above EvaluationPeriods', { DatapointsToAlarm: 4 }, 'ValidationError', /DatapointsToAlarm must be between 1 and EvaluationPeriods \(3\)/],
    ['an unknown TreatMissingData', { TreatMissingData: 'maybe' }, 'InvalidParameterValueException', /TreatMissingData is invalid/],
    ['an anomaly band operator', { ComparisonOperator: 'GreaterThanUpperThreshold' }, 'InvalidParameterValueException', /anomaly detection band/],
    ['an action that is no ARN', { AlarmActions: ['sns-topic'] }, 'ValidationError', /Invalid arn syntax: sns-topic/],
    ['a dimension named twice', { Dimensions: [{ Name: 'a', Value: '1' }, { Name: 'a', Value: '2' }] }, 'InvalidParameterValueException', /appears more than once/],
    ['a non-ASCII name', { AlarmName: 'größe' }, 'InvalidParameterValueException', /only ASCII/],
  ]
  for (const [what, change, code, message] of refusals) {
    it(`refuses ${what}: ${code}`, () => {
      assert.throws(
        () => alarmConfigurationOf({ ...base, ...change } as Cw.PutMetricAlarmInput),
        (e: unknown) => e instanceof ApiError && e.code === code && message.test(e.message),
      )
    })
  }

  it('defaults: DatapointsToAlarm = EvaluationPeriods, missing, actions enabled; dimensions sorted by name', () => {
    const c = alarmConfigurationOf({ ...base, Dimensions: [{ Name: 'b', Value: '2' }, { Name: 'a', Value: '1' }] })
    assert.equal(c.datapointsToAlarm, 3)
    assert.equal(c.treatMissingData, 'missing')
    assert.equal(c.actionsEnabled, true)
    assert.deepEqual(c.dimensions, [{ name: 'a', value: '1' }, { name: 'b', value: '2' }])
  })
})
