import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_PARTITION } from '../../core/config.js'
import { ElbArns } from '../../core/model/elb-arns.js'
import { ELBV2_AUTHORIZATION } from './authorization.js'
import { implementedElbv2Operations } from './index.js'

const arns = new ElbArns(DEFAULT_PARTITION)
const P = 'arn:aws:elasticloadbalancing:us-east-1:000000000000'
const LB = `${P}:loadbalancer/app/web/0123456789abcdef`

describe('ELBv2 authorization table', () => {
  const rows: Array<{ op: string; input: unknown; want: unknown[] }> = [
    { op: 'DescribeTargetHealth', input: { TargetGroupArn: 'x' }, want: [{ action: 'elasticloadbalancing:DescribeTargetHealth', resource: '*' }] },
    { op: 'DeleteLoadBalancer', input: { LoadBalancerArn: LB }, want: [{ action: 'elasticloadbalancing:DeleteLoadBalancer', resource: LB }] },
    {
      op: 'CreateTargetGroup',
      input: { Name: 'tg', Tags: [{ Key: 'team', Value: 'a' }] },
      want: [
        { action: 'elasticloadbalancing:CreateTargetGroup', resource: `${P}:targetgroup/tg/*`, context: { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'a' } },
        { action: 'elasticloadbalancing:AddTags', resource: `${P}:targetgroup/tg/*`, context: { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'a' } },
      ],
    },
    { op: 'CreateListener', input: { LoadBalancerArn: LB }, want: [{ action: 'elasticloadbalancing:CreateListener', resource: `${P}:listener/app/web/0123456789abcdef/*`, context: {} }] },
    { op: 'RemoveTags', input: { ResourceArns: [LB], TagKeys: ['k'] }, want: [{ action: 'elasticloadbalancing:RemoveTags', resource: LB, context: { 'aws:TagKeys': ['k'] } }] },
  ]
  for (const row of rows) it(row.op, () => assert.deepEqual(ELBV2_AUTHORIZATION[row.op]!(row.input, arns), row.want))

  it('has an entry for every ELBv2 operation Berth implements', () => {
    assert.deepEqual(implementedElbv2Operations().filter((op) => !Object.hasOwn(ELBV2_AUTHORIZATION, op)), [])
  })
})
