import { zoneOf } from '../../core/model/attribute.js'
import type { Failure, NetworkConfiguration, TaskDefinition, TaskOverride } from '../../core/aws-model/ecs.types.js'
import { AUTO_SCALING_GROUP_ATTRIBUTE } from '../../core/model/capacity-provider.js'
import type { ClusterRecord } from '../../core/model/cluster.js'
import type { TagRecord } from '../../core/model/tag.js'
import { taskReservation } from '../../core/model/task-demand.js'
import type { TaskRecord } from '../../core/model/task.js'
import type { WriteTx } from '../../state/store.js'
import {
  combinePlacementConstraints,
  indexCluster,
  parseTaskDefinitionPlacementConstraints,
  place,
  toEcsFailures,
  type PlacementConstraintSpec,
  type PlacementStrategySpec,
  type Unplaced,
} from '../placement/index.js'
import { loadCandidates } from './candidates.js'
import type { ApplyDeps } from './deps.js'
import { newTask, type FargateLaunch } from './new-task.js'
import { resolveTaskTags, type TaskTagsSpec } from './task-tags.js'
import { toWaitingPlacement } from './waiting-placement.js'

export interface PlaceTasksInput {
  cluster: ClusterRecord
  taskDefinition: TaskDefinition
  overrides: TaskOverride
  count: number
  group: string
  startedBy: string | undefined
  enableExecuteCommand: boolean
  /** awsvpc: stored on each task as given (its ENI attachment shows the first subnet). */
  networkConfiguration?: NetworkConfiguration | undefined
  constraints: readonly PlacementConstraintSpec[]
  strategies: readonly PlacementStrategySpec[]
  /** StartTask: only these instances are candidates. */
  onlyInstances?: ReadonlySet<string>
  /**
   * A capacity provider strategy chose an Auto Scaling group provider for these tasks: only the
   * group's instances are candidates, and each task records the provider's name.
   */
  capacityProvider?: {
    name: string
    autoScalingGroup: string
    /**
     * The provider has managed scaling: a task with no room now is created all the same, in
     * PROVISIONING with no instance, and waits for the group to grow (ECS's behaviour); the
     * provisioning pass (scheduler/capacity) places it later, or stops it after
     * PROVISIONING_TIMEOUT_MS. Without it, such a task is one of RunTask's `failures`.
     */
    waitForCapacity?: boolean
  }
  tags: TaskTagsSpec
  seed: string
  /**
   * Launch on the server's Fargate pool instead of the cluster's instances (src/scheduler/fargate
   * sets it; call placeFargateTasks rather than setting it here).
   */
  fargate?: FargateLaunch
}

export type { FargateLaunch }

export interface PlaceTasksResult {
  /**
   * The tasks stored, in the order they were placed; with `capacityProvider.waitForCapacity`,
   * also those that wait in PROVISIONING with no instance (they are not `failures`).
   */
  tasks: TaskRecord[]
  /** The tags every one of them got. */
  tags: TagRecord[]
  /** RunTask's `failures` for the tasks that fit nowhere: one per instance, with why it refused. */
  failures: Failure[]
  /** Why the first task that fit nowhere did not, for a service event; undefined when all fit. */
  unplaced: Unplaced | undefined
  /** How many instances were candidates: none means the cluster has no instance at all. */
  candidates: number
  /**
   * Fargate only: some task found no room in the pool. `failures` then holds ECS's one
   * Fargate reason, and `unplaced` is undefined (no container instance of the user's is to blame).
   */
  capacityUnavailable?: boolean
}

/** ECS's reason when Fargate has no capacity for a task (RunTask's failure; a service event's reason). */
export const FARGATE_CAPACITY_UNAVAILABLE = 'Capacity is unavailable at this time. Please try again later or in a different availability zone'

/**
 * The only code that creates tasks: RunTask, StartTask and the service scheduler all call it.
 * Places `count` copies of a task inside the caller's transaction and stores those that fit,
 * so two concurrent requests can never both take the last of an instance, and the placement
 * is made against the instances as they are when it commits.
 */
export async function placeTasks(tx: WriteTx, input: PlaceTasksInput, deps: ApplyDeps): Promise<PlaceTasksResult> {
  const td = input.taskDefinition
  const tags = await resolveTaskTags(tx, input.tags)
  const reservation = taskReservation(td, input.overrides)
  const constraints = combinePlacementConstraints(parseTaskDefinitionPlacementConstraints(td.placementConstraints), input.constraints)
  const provider = input.capacityProvider
  const candidates = input.fargate
    ? await loadCandidates(tx, input.fargate.pool)
    : (await loadCandidates(tx, input.cluster, input.onlyInstances)).filter(
        (c) => !provider || c.attributes.some((a) => a.name === AUTO_SCALING_GROUP_ATTRIBUTE && a.value === provider.autoScalingGroup),
      )
  const result = place(indexCluster(candidates), {
    demand: { ...reservation, group: input.group, requiredAttributes: td.requiresAttributes ?? [] },
    count: input.count,
    constraints,
    strategies: input.strategies,
    seed: input.seed,
  })
  // What every task of this call is made of; each adds where it runs (or that it waits).
  const common = {
    cluster: input.cluster,
    taskDefinition: td,
    overrides: input.overrides,
    reservation,
    group: input.group,
    startedBy: input.startedBy,
    enableExecuteCommand: input.enableExecuteCommand,
    networkConfiguration: input.networkConfiguration,
  }
  const tasks: TaskRecord[] = []
  const failures = new Map<string, Failure>()
  let unplaced: Unplaced | undefined
  for (const p of result.tasks) {
    if (p.kind === 'unplaced' && input.fargate) {
      failures.set(FARGATE_CAPACITY_UNAVAILABLE, { reason: FARGATE_CAPACITY_UNAVAILABLE })
      continue
    }
    if (p.kind === 'unplaced' && provider?.waitForCapacity) {
      const task = newTask({ ...common, containerInstanceArn: undefined, availabilityZone: undefined }, deps)
      task.capacityProviderName = provider.name
      task.waitingPlacement = toWaitingPlacement(provider.autoScalingGroup, constraints, input.strategies, td.requiresAttributes ?? [])
      await tx.tasks.put(task)
      if (tags.length > 0) await tx.tags.put(task.arn, tags)
      tasks.push(task)
      continue
    }
    if (p.kind === 'unplaced') {
      unplaced ??= p
      for (const f of toEcsFailures(p)) failures.set(`${f.arn} ${f.reason}`, f)
      continue
    }
    const task = newTask(
      { ...common, containerInstanceArn: p.instance.arn, availabilityZone: zoneOf(p.instance), ...(input.fargate ? { fargate: input.fargate } : {}) },
      deps,
    )
    if (provider) task.capacityProviderName = provider.name
    await tx.tasks.put(task)
    if (tags.length > 0) await tx.tags.put(task.arn, tags)
    tasks.push(task)
  }
  const capacityUnavailable = input.fargate !== undefined && tasks.length < input.count
  return { tasks, tags, failures: [...failures.values()], unplaced, candidates: candidates.length, ...(capacityUnavailable ? { capacityUnavailable } : {}) }
}
