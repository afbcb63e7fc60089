import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_PARTITION } from '../../core/config.js'
import { ScalingArns } from '../../core/model/scaling.js'
import { SCALING_AUTHORIZATION } from './authorization.js'
import { implementedScalingOperations } from './index.js'

const arns = new ScalingArns(DEFAULT_PARTITION)
const REF = { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount', ResourceId: 'service/default/web' }
const T = 'arn:aws:application-autoscaling:us-east-1:000000000000:scalable-target/0123'

const ROWS: Array<{ op: string; input: unknown; want: unknown[]; why: string }> = [
  { op: 'DescribeScalableTargets', input: { ServiceNamespace: 'ecs' }, want: [{ action: 'application-autoscaling:DescribeScalableTargets', resource: '*' }], why: 'no resource: *' },
  { op: 'PutScalingPolicy', input: { ...REF, PolicyName: 'p' }, want: [{ action: 'application-autoscaling:PutScalingPolicy', resource: { resourceId: 'service/default/web' } }], why: 'the target, looked up by resource id' },
  {
    op: 'RegisterScalableTarget',
    input: { ...REF, Tags: { team: 'a' } },
    want: [
      { action: 'application-autoscaling:RegisterScalableTarget', resource: { resourceId: 'service/default/web' }, context: { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'a' } },
      { action: 'application-autoscaling:TagResource', resource: { resourceId: 'service/default/web' }, context: { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'a' } },
    ],
    why: 'with tags, also TagResource',
  },
  { op: 'UntagResource', input: { ResourceARN: T, TagKeys: ['team'] }, want: [{ action: 'application-autoscaling:UntagResource', resource: T, context: { 'aws:TagKeys': ['team'] } }], why: 'the ARN given' },
]

describe('Application Auto Scaling authorization table', () => {
  for (const row of ROWS) {
    it(`${row.op}: ${row.why}`, () => assert.deepEqual(SCALING_AUTHORIZATION[row.op]!(row.input, arns), row.want))
  }
  it('has an entry for every operation Berth implements', () => {
    assert.deepEqual(implementedScalingOperations().filter((op) => !Object.hasOwn(SCALING_AUTHORIZATION, op)), [])
  })
})
