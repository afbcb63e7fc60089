import { randomUUID } from 'node:crypto'
import type { StartTaskRequest, StartTaskResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { placeTasks } from '../../../scheduler/apply/index.js'
import type { EcsOperation } from '../deps.js'
import { missing, requireCluster } from '../resolve.js'
import { resolveTaskDefinition } from '../task-definitions/index.js'
import { checkOverrides } from './check-overrides.js'
import { containerInstanceArnOf } from './task-ref.js'
import { requireRunnable } from '../../../core/model/unsupported-features.js'
import { requireTaskRole } from '../../../core/task-roles.js'
import { checkNetworkConfiguration } from '../network-configuration.js'
import { checkTaskRequest, taskTagsSpec } from './task-request.js'
import { viewTask } from './task-view.js'

/**
 * StartTask: one task on each named instance, no strategy. Each instance is still checked for
 * room (CPU, memory, ports) and the task definition's constraints.
 */
export const startTask: EcsOperation<StartTaskRequest, StartTaskResponse> = async (input, deps) => {
  const { tags, overrides } = checkTaskRequest(input)
  return deps.store.txn(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    // A missing cluster is ClusterNotFoundException before the list is judged: ECS checks in that order.
    if (input.containerInstances.length < 1 || input.containerInstances.length > 10) {
      throw EcsErrors.invalidParameter('containerInstances must name between 1 and 10 container instances.')
    }
    const td = await resolveTaskDefinition(tx, input.taskDefinition, deps)
    if (td.status !== 'ACTIVE') throw EcsErrors.client('TaskDefinition is inactive')
    requireRunnable(td, deps.taskSources)
    requireTaskRole(td, overrides, deps.taskRoles)
    checkNetworkConfiguration(td, input.networkConfiguration, { required: false })
    checkOverrides(td, overrides)
    const out: StartTaskResponse = { tasks: [], failures: [] }
    for (const ref of input.containerInstances) {
      const arn = containerInstanceArnOf(ref, cluster, deps)
      const instance = await tx.containerInstances.get(arn)
      if (!instance || instance.clusterArn !== cluster.arn || instance.status === 'INACTIVE') {
        out.failures!.push(missing(arn))
        continue
      }
      const { tasks, tags: taskTags, failures } = await placeTasks(
        tx,
        {
          cluster,
          taskDefinition: td,
          overrides,
          count: 1,
          group: input.group ?? `family:${td.family}`,
          startedBy: input.startedBy,
          enableExecuteCommand: input.enableExecuteCommand ?? false,
          networkConfiguration: input.networkConfiguration,
          constraints: [],
          strategies: [],
          onlyInstances: new Set([arn]),
          tags: taskTagsSpec(input, tags, td, cluster),
          seed: randomUUID(),
        },
        deps,
      )
      for (const task of tasks) out.tasks!.push(viewTask(task, taskTags))
      out.failures!.push(...failures)
    }
    return out
  })
}
