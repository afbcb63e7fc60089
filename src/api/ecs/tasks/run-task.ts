import { randomUUID } from 'node:crypto'
import type { RunTaskRequest, RunTaskResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { placeTasks } from '../../../scheduler/apply/index.js'
import { parsePlacementConstraints, parsePlacementStrategies } from '../../../scheduler/placement/index.js'
import type { EcsOperation } from '../deps.js'
import { requireCluster } from '../resolve.js'
import { resolveTaskDefinition } from '../task-definitions/index.js'
import { checkOverrides } from './check-overrides.js'
import { checkTaskRequest, taskTagsSpec } from './task-request.js'
import { viewTask } from './task-view.js'

/** RunTask: places up to 10 copies of a task by the request's constraints and strategies. */
export const runTask: EcsOperation<RunTaskRequest, RunTaskResponse> = async (input, deps) => {
  const count = input.count ?? 1
  if (count < 1 || count > 10) throw EcsErrors.invalidParameter('count must be between 1 and 10.')
  const { tags, overrides } = checkTaskRequest(input)
  const constraints = parsePlacementConstraints(input.placementConstraints)
  const strategies = parsePlacementStrategies(input.placementStrategy)
  return deps.store.txn(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    const td = await resolveTaskDefinition(tx, input.taskDefinition, deps)
    if (td.status === 'INACTIVE') throw EcsErrors.client('TaskDefinition is inactive')
    checkOverrides(td, overrides)
    const { tasks, tags: taskTags, failures, candidates } = await placeTasks(
      tx,
      {
        cluster,
        taskDefinition: td,
        overrides,
        count,
        group: input.group ?? `family:${td.family}`,
        startedBy: input.startedBy,
        enableExecuteCommand: input.enableExecuteCommand ?? false,
        constraints,
        strategies,
        tags: taskTagsSpec(input, tags, td, cluster),
        seed: randomUUID(),
      },
      deps,
    )
    if (candidates === 0) throw EcsErrors.invalidParameter('No Container Instances were found in your cluster.')
    return { tasks: tasks.map((t) => viewTask(t, taskTags)), failures }
  })
}
