import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkForwardVpc, loadBalancerVpc, type VpcCheck } from './elb-vpc.js'

const g = (arn: string, vpcId: string) => ({ arn, vpcId })

describe('checkForwardVpc: the target groups a load balancer forwards to share its VPC', () => {
  const cases: [name: string, known: string | undefined, groups: { arn: string; vpcId: string }[], want: VpcCheck][] = [
    ['no forward (fixed-response, redirect): nothing to learn or refuse', undefined, [], { ok: true }],
    ['no forward, VPC known: nothing changes', 'vpc-a', [], { ok: true }],
    ['the first group tells the VPC', undefined, [g('tg1', 'vpc-a')], { ok: true, learn: 'vpc-a' }],
    ['a weighted forward to two groups of one VPC: learned', undefined, [g('tg1', 'vpc-a'), g('tg2', 'vpc-a')], { ok: true, learn: 'vpc-a' }],
    ['two groups of two VPCs in one forward, VPC unknown: the second is refused', undefined, [g('tg1', 'vpc-a'), g('tg2', 'vpc-b')], { ok: false, targetGroupArn: 'tg2' }],
    ['a group of the known VPC: accepted, nothing to learn', 'vpc-a', [g('tg1', 'vpc-a')], { ok: true }],
    ['a group of another VPC than the known one: refused', 'vpc-a', [g('tg1', 'vpc-b')], { ok: false, targetGroupArn: 'tg1' }],
    ['the known VPC wins over the first group', 'vpc-a', [g('tg1', 'vpc-b'), g('tg2', 'vpc-a')], { ok: false, targetGroupArn: 'tg1' }],
  ]
  for (const [name, known, groups, want] of cases) it(name, () => assert.deepEqual(checkForwardVpc(known, groups), want))
})

describe('loadBalancerVpc', () => {
  it('the learned VPC, else the placeholder of creation', () => {
    assert.equal(loadBalancerVpc({ vpcId: 'vpc-placeholder' }), 'vpc-placeholder')
    assert.equal(loadBalancerVpc({ vpcId: 'vpc-placeholder', subnetsVpcId: 'vpc-a' }), 'vpc-a')
  })
})
