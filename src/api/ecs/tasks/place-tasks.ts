import type { Failure, TaskDefinition, TaskOverride } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { ClusterRecord } from '../../../core/model/cluster.js'
import type { TaskRecord } from '../../../core/model/task.js'
import {
  combinePlacementConstraints,
  indexCluster,
  parseTaskDefinitionPlacementConstraints,
  place,
  toEcsFailures,
  type PlacementConstraintSpec,
  type PlacementStrategySpec,
} from '../../../scheduler/placement/index.js'
import type { WriteTx } from '../../../state/store.js'
import type { EcsDeps } from '../deps.js'
import { loadCandidates } from './candidates.js'
import { newTask } from './new-task.js'
import { taskReservation } from './task-demand.js'

export interface PlaceTasksInput {
  cluster: ClusterRecord
  taskDefinition: TaskDefinition
  overrides: TaskOverride
  count: number
  group: string
  startedBy: string | undefined
  enableExecuteCommand: boolean
  constraints: readonly PlacementConstraintSpec[]
  strategies: readonly PlacementStrategySpec[]
  /** StartTask: only these instances are candidates. */
  onlyInstances?: ReadonlySet<string>
  seed: string
}

/**
 * Places `count` copies of a task in one transaction and stores those that fit, so two
 * concurrent requests can never both take the last of an instance. Tasks that fit nowhere
 * come back as ECS's `failures`: one per instance with the reason it was turned down.
 */
export async function placeTasks(tx: WriteTx, input: PlaceTasksInput, deps: EcsDeps): Promise<{ tasks: TaskRecord[]; failures: Failure[] }> {
  const td = input.taskDefinition
  const reservation = taskReservation(td, input.overrides)
  const constraints = combinePlacementConstraints(parseTaskDefinitionPlacementConstraints(td.placementConstraints), input.constraints)
  const candidates = await loadCandidates(tx, input.cluster, input.onlyInstances)
  if (candidates.length === 0) throw EcsErrors.invalidParameter('No Container Instances were found in your cluster.')
  const result = place(indexCluster(candidates), {
    demand: { ...reservation, group: input.group, requiredAttributes: td.requiresAttributes ?? [] },
    count: input.count,
    constraints,
    strategies: input.strategies,
    seed: input.seed,
  })
  const tasks: TaskRecord[] = []
  const failures = new Map<string, Failure>()
  for (const p of result.tasks) {
    if (p.kind === 'unplaced') {
      for (const f of toEcsFailures(p)) failures.set(`${f.arn} ${f.reason}`, f)
      continue
    }
    const zone = p.instance.attributes.find((a) => a.name === 'ecs.availability-zone')?.value
    const task = newTask(
      {
        cluster: input.cluster,
        taskDefinition: td,
        containerInstanceArn: p.instance.arn,
        availabilityZone: zone,
        overrides: input.overrides,
        reservation,
        group: input.group,
        startedBy: input.startedBy,
        enableExecuteCommand: input.enableExecuteCommand,
      },
      deps,
    )
    await tx.tasks.put(task)
    tasks.push(task)
  }
  return { tasks, failures: [...failures.values()] }
}
