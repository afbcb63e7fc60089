import type { CapacityProviderStrategyItem } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { isFargateProvider, type StrategyItem } from '../../../core/model/capacity-provider-strategy.js'
import type { ClusterRecord } from '../../../core/model/cluster.js'
import { checkStrategy } from './check-strategy.js'

/** Where a request's tasks go: the EC2 launch type, or a capacity provider strategy. */
export type LaunchChoice =
  | { kind: 'launchType' }
  | { kind: 'strategy'; items: StrategyItem[]; strategy: CapacityProviderStrategyItem[]; fargate: boolean }

/**
 * RunTask's, CreateService's and UpdateService's launch choice, as ECS makes it: launchType
 * and capacityProviderStrategy are mutually exclusive (ECS's text); with neither, the
 * cluster's default strategy when it has one, else launch type EC2. A strategy is checked
 * against the cluster's providers (checkStrategy), which never mixes FARGATE / FARGATE_SPOT
 * with Auto Scaling group providers: `fargate` says its tasks go to the Fargate pool.
 */
export function resolveLaunch(
  input: { launchType?: string | undefined; capacityProviderStrategy?: CapacityProviderStrategyItem[] | undefined },
  cluster: ClusterRecord,
): LaunchChoice {
  const given = input.capacityProviderStrategy ?? []
  if (given.length > 0 && input.launchType !== undefined) throw EcsErrors.launchTypeAndStrategy()
  if (input.launchType !== undefined) return { kind: 'launchType' }
  const strategy = given.length > 0 ? given : cluster.defaultCapacityProviderStrategy
  if (strategy.length === 0) return { kind: 'launchType' }
  const items = checkStrategy(strategy, cluster.capacityProviders)
  const fargate = items.some((i) => isFargateProvider(i.capacityProvider))
  return { kind: 'strategy', items, strategy: strategy.map((i) => ({ ...i })), fargate }
}
