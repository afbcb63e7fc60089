import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_PARTITION } from '../../core/config.js'
import { CloudWatchArns } from './arns.js'
import { CLOUDWATCH_AUTHORIZATION, implementedCloudWatchOperations } from './index.js'

const arns = new CloudWatchArns(DEFAULT_PARTITION)

describe('CloudWatch authorization table', () => {
  const rows: Array<{ op: string; input: unknown; want: unknown[] }> = [
    { op: 'PutMetricData', input: { Namespace: 'App' }, want: [{ action: 'cloudwatch:PutMetricData', resource: '*', context: { 'cloudwatch:namespace': 'App' } }] },
    { op: 'GetMetricStatistics', input: {}, want: [{ action: 'cloudwatch:GetMetricStatistics', resource: '*' }] },
    { op: 'GetMetricData', input: {}, want: [{ action: 'cloudwatch:GetMetricData', resource: '*' }] },
    { op: 'ListMetrics', input: {}, want: [{ action: 'cloudwatch:ListMetrics', resource: '*' }] },
  ]
  for (const row of rows) it(row.op, () => assert.deepEqual(CLOUDWATCH_AUTHORIZATION[row.op]!(row.input, arns), row.want))

  it('has an entry for every CloudWatch operation Berth implements', () => {
    assert.deepEqual(implementedCloudWatchOperations().filter((op) => !Object.hasOwn(CLOUDWATCH_AUTHORIZATION, op)), [])
  })

  it('names alarms by ARN', () => assert.equal(arns.alarm('high-cpu'), 'arn:aws:cloudwatch:us-east-1:000000000000:alarm:high-cpu'))
})
