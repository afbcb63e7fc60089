import type { CapacityProviderStrategyItem } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { effectiveStrategy } from '../../../core/model/capacity-provider.js'
import { isFargateProvider, withDefaults, type StrategyItem } from '../../../core/model/capacity-provider-strategy.js'

/** ECS's limit on a strategy's items (API reference, CapacityProviderStrategyItem). */
export const MAX_STRATEGY_ITEMS = 20

/**
 * A capacity provider strategy checked as ECS checks one (pure): at most 20 items, each
 * provider once, only providers associated with the cluster (`associated`), at most one with a
 * base, some weight above zero when there are several, and Fargate and Auto Scaling group
 * providers not mixed. Returns the items with ECS's defaults (weight 0, base 0); a lone item
 * of weight 0 takes every task beyond its base, as on ECS.
 * ECS's own texts where it has them (not associated, the mix); Berth's otherwise.
 */
export function checkStrategy(strategy: readonly CapacityProviderStrategyItem[], associated: readonly string[]): StrategyItem[] {
  if (strategy.length > MAX_STRATEGY_ITEMS) {
    throw EcsErrors.invalidParameter(`A capacity provider strategy can contain a maximum of ${MAX_STRATEGY_ITEMS} capacity providers.`)
  }
  const seen = new Set<string>()
  for (const item of strategy) {
    if (seen.has(item.capacityProvider)) {
      throw EcsErrors.invalidParameter(`The capacity provider strategy names ${item.capacityProvider} more than once. Specify each capacity provider once.`)
    }
    seen.add(item.capacityProvider)
    if (!associated.includes(item.capacityProvider)) throw EcsErrors.capacityProviderNotAssociated()
  }
  const items = withDefaults(strategy)
  if (items.filter((i) => i.base > 0).length > 1) {
    throw EcsErrors.invalidParameter('Only one capacity provider in a capacity provider strategy can have a base defined.')
  }
  if (items.length > 1 && items.every((i) => i.weight === 0)) {
    throw EcsErrors.invalidParameter('At least one capacity provider in a capacity provider strategy must have a weight greater than zero.')
  }
  const fargate = items.filter((i) => isFargateProvider(i.capacityProvider)).length
  if (fargate > 0 && fargate < items.length) {
    throw EcsErrors.invalidParameter(
      'The capacity provider strategy cannot contain a mix of capacity providers using Auto Scaling groups and Fargate providers. Specify one or the other and try again.',
    )
  }
  return effectiveStrategy(strategy)
}
