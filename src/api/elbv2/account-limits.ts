import type { DescribeAccountLimitsInput, DescribeAccountLimitsOutput } from '../../core/aws-model/elbv2.types.js'
import { LIMITS, type ElbOperation } from './deps.js'
import { page } from './pagination.js'

/** The quotas Berth enforces, under the names DescribeAccountLimits gives them. */
const ACCOUNT_LIMITS: { Name: string; Max: string }[] = [
  { Name: 'application-load-balancers', Max: String(LIMITS.loadBalancers) },
  { Name: 'listeners-per-application-load-balancer', Max: String(LIMITS.listenersPerLoadBalancer) },
  { Name: 'rules-per-application-load-balancer', Max: String(LIMITS.rulesPerLoadBalancer) },
  { Name: 'target-groups', Max: String(LIMITS.targetGroups) },
  { Name: 'targets-per-application-load-balancer', Max: '1000' },
  { Name: 'target-groups-per-action-on-application-load-balancer', Max: String(LIMITS.targetGroupsPerAction) },
  { Name: 'condition-values-per-alb-rule', Max: String(LIMITS.conditionValuesPerRule) },
  { Name: 'condition-wildcards-per-alb-rule', Max: String(LIMITS.conditionWildcardsPerRule) },
]

export const describeAccountLimits: ElbOperation<DescribeAccountLimitsInput, DescribeAccountLimitsOutput> = async (input) => {
  const { items, nextMarker } = page(ACCOUNT_LIMITS, input.Marker, input.PageSize)
  return { Limits: items, ...(nextMarker ? { NextMarker: nextMarker } : {}) }
}
