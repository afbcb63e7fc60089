import type { Failure } from '../../core/aws-model/ecs.types.js'
import { autoScalingGroupNameOf } from '../../core/model/capacity-provider.js'
import { assignCapacityProviders, type StrategyItem } from '../../core/model/capacity-provider-strategy.js'
import { FARGATE_PLATFORM_VERSION } from '../../core/model/fargate.js'
import type { WriteTx } from '../../state/store.js'
import { placeTasks, type ApplyDeps, type PlaceTasksInput, type PlaceTasksResult } from '../apply/index.js'
import { placeFargateTasks } from '../fargate/index.js'

/**
 * Places `input.count` tasks by a capacity provider strategy: ECS's split decides the provider
 * of each task (assignCapacityProviders: base first, then by weight, counting what each
 * provider already runs in `placed`), then each provider's share is placed on its own
 * capacity — an Auto Scaling group provider's on its group's instances, FARGATE and
 * FARGATE_SPOT on the server's Fargate pool (scheduler/fargate; the caller has checked the
 * task may launch there: checkFargateLaunch). A provider with no room for its share
 * reports failures for it, unless it has managed scaling: then its tasks are created waiting
 * in PROVISIONING (placed later by the provisioning pass, provisioning.ts); the others' tasks
 * are placed all the same, as ECS does.
 */
export async function placeByStrategy(
  tx: WriteTx,
  input: PlaceTasksInput,
  strategy: readonly StrategyItem[],
  placed: ReadonlyMap<string, number>,
  deps: ApplyDeps,
): Promise<PlaceTasksResult> {
  const shares = new Map<string, number>()
  for (const name of assignCapacityProviders(strategy, placed, input.count)) shares.set(name, (shares.get(name) ?? 0) + 1)
  const out: PlaceTasksResult = { tasks: [], tags: [], failures: [], unplaced: undefined, candidates: 0 }
  for (const [name, count] of shares) {
    const part = { ...input, count, seed: `${input.seed}/${name}` }
    const result =
      name === 'FARGATE' || name === 'FARGATE_SPOT' ? await placeOnFargate(tx, part, name, deps) : await placeOnGroup(tx, part, name, deps)
    out.tasks.push(...result.tasks)
    out.tags = result.tags
    out.failures.push(...result.failures)
    out.unplaced ??= result.unplaced
    out.candidates += result.candidates
  }
  return out
}

/** A Fargate provider's share, on the pool: placement constraints and strategies are the instances' only. */
function placeOnFargate(tx: WriteTx, input: PlaceTasksInput, provider: 'FARGATE' | 'FARGATE_SPOT', deps: ApplyDeps): Promise<PlaceTasksResult> {
  const { constraints: _constraints, strategies: _strategies, onlyInstances: _only, capacityProvider: _group, fargate: _fargate, ...rest } = input
  return placeFargateTasks(tx, { ...rest, networkConfiguration: input.networkConfiguration, platformVersion: FARGATE_PLATFORM_VERSION, capacityProviderName: provider }, deps)
}

async function placeOnGroup(tx: WriteTx, input: PlaceTasksInput, name: string, deps: ApplyDeps): Promise<PlaceTasksResult> {
  const provider = await tx.capacityProviders.get(name)
  const group = provider?.status === 'ACTIVE' ? autoScalingGroupNameOf(provider.autoScalingGroupProvider.autoScalingGroupArn) : undefined
  if (group === undefined) return { tasks: [], tags: [], failures: noCapacity(deps, name, input.count), unplaced: undefined, candidates: 0 }
  // With managed scaling, a task with no room waits in PROVISIONING while the group grows.
  const waitForCapacity = provider?.autoScalingGroupProvider.managedScaling.status === 'ENABLED'
  const result = await placeTasks(tx, { ...input, capacityProvider: { name, autoScalingGroup: group, waitForCapacity } }, deps)
  if (result.candidates === 0 && !waitForCapacity) return { ...result, failures: noCapacity(deps, name, input.count) }
  return result
}

/** RunTask's failure for tasks whose provider has no instance at all (yet). */
function noCapacity(deps: ApplyDeps, name: string, count: number): Failure[] {
  return [{ arn: deps.arns.capacityProvider(name), reason: 'CAPACITY_PROVIDER', detail: `The capacity provider ${name} has no container instances to place ${count} task(s) on.` }]
}
