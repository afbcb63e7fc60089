import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AvailabilityZoneRebalancing } from '../../../core/aws-model/ecs.types.js'
import { parsePlacementConstraints, parsePlacementStrategies } from '../../../scheduler/placement/index.js'
import { rebalancingIneligibility, resolveRebalancing, type RebalancingInput } from './az-rebalancing.js'

const input = (over: Partial<RebalancingInput> = {}): RebalancingInput => ({
  schedulingStrategy: 'REPLICA',
  maximumPercent: 200,
  strategies: [],
  constraints: [],
  loadBalancers: [],
  ...over,
})

describe('Availability Zone rebalancing', () => {
  const eligibility: { why: string; over: Partial<RebalancingInput>; eligible: boolean }[] = [
    { why: 'a plain REPLICA service', over: {}, eligible: true },
    { why: 'AZ spread first', over: { strategies: parsePlacementStrategies([{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'binpack', field: 'memory' }]) }, eligible: true },
    { why: 'binpack first', over: { strategies: parsePlacementStrategies([{ type: 'binpack', field: 'cpu' }]) }, eligible: false },
    { why: 'spread by instance first', over: { strategies: parsePlacementStrategies([{ type: 'spread', field: 'instanceId' }]) }, eligible: false },
    { why: 'a DAEMON service', over: { schedulingStrategy: 'DAEMON', maximumPercent: 100 }, eligible: false },
    { why: 'maximumPercent 100', over: { maximumPercent: 100 }, eligible: false },
    { why: 'pinned to a zone', over: { constraints: parsePlacementConstraints([{ type: 'memberOf', expression: 'attribute:ecs.availability-zone == us-east-1a' }]) }, eligible: false },
    { why: 'a memberOf on another attribute', over: { constraints: parsePlacementConstraints([{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t2.*' }]) }, eligible: true },
    { why: 'distinctInstance', over: { constraints: parsePlacementConstraints([{ type: 'distinctInstance' }]) }, eligible: true },
    { why: 'a Classic Load Balancer', over: { loadBalancers: [{ loadBalancerName: 'elb', containerName: 'web', containerPort: 80 }] }, eligible: false },
    { why: 'a target group', over: { loadBalancers: [{ targetGroupArn: 'arn:tg', containerName: 'web', containerPort: 80 }] }, eligible: true },
  ]
  for (const r of eligibility) {
    it(`eligibility: ${r.why}`, () => assert.equal(rebalancingIneligibility(input(r.over)) === undefined, r.eligible))
  }

  const resolution: {
    why: string
    requested?: AvailabilityZoneRebalancing
    current?: AvailabilityZoneRebalancing
    eligible: boolean
    want?: AvailabilityZoneRebalancing
    refused?: true
  }[] = [
    { why: 'create, eligible: ENABLED by default', eligible: true, want: 'ENABLED' },
    { why: 'create, ineligible: DISABLED by default', eligible: false, want: 'DISABLED' },
    { why: 'DISABLED asked is DISABLED', requested: 'DISABLED', eligible: true, want: 'DISABLED' },
    { why: 'ENABLED asked for an ineligible service is refused', requested: 'ENABLED', eligible: false, refused: true },
    { why: 'update keeps the current value', current: 'DISABLED', eligible: true, want: 'DISABLED' },
    { why: 'update that makes the service ineligible turns it off', current: 'ENABLED', eligible: false, want: 'DISABLED' },
  ]
  for (const r of resolution) {
    it(`resolution: ${r.why}`, () => {
      const run = () => resolveRebalancing(r.requested, r.current, input(r.eligible ? {} : { maximumPercent: 100 }))
      if (r.refused) return assert.throws(run, { code: 'InvalidParameterException', message: /maximumPercent is 100/ })
      assert.equal(run(), r.want)
    })
  }
})
