import type { AvailabilityZoneRebalancing, LoadBalancer } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { PlacementConstraintSpec, PlacementStrategySpec } from '../../../scheduler/placement/index.js'

/** What decides whether a service can be rebalanced across Availability Zones. */
export interface RebalancingInput {
  schedulingStrategy: 'REPLICA' | 'DAEMON'
  maximumPercent: number
  strategies: readonly PlacementStrategySpec[]
  /** The task definition's constraints and the service's. */
  constraints: readonly PlacementConstraintSpec[]
  loadBalancers: readonly LoadBalancer[]
}

const ZONE_ATTRIBUTE = 'ecs.availability-zone'
const ZONE_IN_EXPRESSION = /attribute:ecs\.availability-zone\b/

/**
 * ECS's eligibility rules (developerguide/service-rebalancing.html): a REPLICA service whose
 * maximumPercent leaves room to start a task before stopping one, placed by no strategy or by
 * an AZ spread first, not pinned to zones by a constraint, and not behind a Classic Load
 * Balancer. Returns why not, or undefined when eligible.
 */
export function rebalancingIneligibility(s: RebalancingInput): string | undefined {
  if (s.schedulingStrategy === 'DAEMON') return 'a DAEMON service runs one task per instance'
  if (s.maximumPercent === 100) return 'maximumPercent is 100, so no task can start before another stops'
  const first = s.strategies[0]
  if (first && !(first.type === 'spread' && first.field === 'attribute' && first.attribute === ZONE_ATTRIBUTE)) {
    return 'its first placement strategy is not spread on attribute:ecs.availability-zone'
  }
  if (s.constraints.some((c) => c.type === 'memberOf' && ZONE_IN_EXPRESSION.test(c.expression))) {
    return 'a memberOf placement constraint names attribute:ecs.availability-zone'
  }
  if (s.loadBalancers.some((lb) => lb.loadBalancerName !== undefined)) return 'it uses a Classic Load Balancer'
  return undefined
}

/**
 * The setting a service gets: what was asked, else the current value (UpdateService: "defaults
 * to the existing service's value"), else ENABLED (CreateService, since September 2025). An
 * ineligible service resolves to DISABLED when nothing was asked; asking ENABLED for one is
 * refused, saying why.
 */
export function resolveRebalancing(
  requested: AvailabilityZoneRebalancing | undefined,
  current: AvailabilityZoneRebalancing | undefined,
  input: RebalancingInput,
): AvailabilityZoneRebalancing {
  const why = rebalancingIneligibility(input)
  const wanted = requested ?? current ?? 'ENABLED'
  if (wanted === 'DISABLED' || why === undefined) return wanted
  if (requested === 'ENABLED') {
    throw EcsErrors.invalidParameter(`availabilityZoneRebalancing ENABLED is not available for this service: ${why}.`)
  }
  return 'DISABLED'
}
