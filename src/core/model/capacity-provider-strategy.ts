import type { CapacityProviderStrategyItem } from '../aws-model/ecs.types.js'

/** The capacity providers AWS gives every account; a cluster only has to list them. */
export const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'] as const
export const isFargateProvider = (name: string): boolean => (FARGATE_PROVIDERS as readonly string[]).includes(name)

/** One item of a strategy with ECS's defaults filled in (weight 0, base 0). */
export interface StrategyItem {
  readonly capacityProvider: string
  readonly weight: number
  readonly base: number
}

export const withDefaults = (items: readonly CapacityProviderStrategyItem[]): StrategyItem[] =>
  items.map((i) => ({ capacityProvider: i.capacityProvider, weight: i.weight ?? 0, base: i.base ?? 0 }))

/**
 * Which capacity provider each of `count` new tasks goes to, as ECS splits a strategy: the
 * base first (a strategy has at most one), then the rest in proportion to the weights —
 * "a weight of 1 for A and 4 for B: for every one task on A, four on B". `placed` counts the
 * tasks each provider already has (a service's running ones; empty for RunTask), so a service
 * that grows keeps the split. Each task beyond the bases goes to the provider furthest below
 * its share once it is added (the lowest (beyondBase + 1) / weight), ties to the earlier item:
 * the same answer as rounding the shares by largest remainder, one task at a time.
 * Pure; validation (at most one base, some weight > 0) is the caller's.
 */
export function assignCapacityProviders(strategy: readonly StrategyItem[], placed: ReadonlyMap<string, number>, count: number): string[] {
  const have = new Map(strategy.map((i) => [i.capacityProvider, placed.get(i.capacityProvider) ?? 0]))
  const out: string[] = []
  for (let n = 0; n < count; n++) {
    const short = strategy.find((i) => (have.get(i.capacityProvider) ?? 0) < i.base)
    const next = short ?? furthestBelowShare(strategy, have)
    if (next === undefined) break
    have.set(next.capacityProvider, (have.get(next.capacityProvider) ?? 0) + 1)
    out.push(next.capacityProvider)
  }
  return out
}

function furthestBelowShare(strategy: readonly StrategyItem[], have: ReadonlyMap<string, number>): StrategyItem | undefined {
  let best: StrategyItem | undefined
  let bestScore = Infinity
  for (const item of strategy) {
    if (item.weight <= 0) continue
    const beyondBase = Math.max(0, (have.get(item.capacityProvider) ?? 0) - item.base)
    const score = (beyondBase + 1) / item.weight
    if (score < bestScore) {
      best = item
      bestScore = score
    }
  }
  return best
}
