import type { DescribeTasksRequest, DescribeTasksResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { EcsOperation } from '../deps.js'
import { missing, requireCluster } from '../resolve.js'
import { taskArnOf } from './task-ref.js'
import { viewTask } from './task-view.js'

export const describeTasks: EcsOperation<DescribeTasksRequest, DescribeTasksResponse> = async (input, deps) => {
  const withTags = input.include?.includes('TAGS') ?? false
  return deps.store.read(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    // A missing cluster is ClusterNotFoundException before the list is judged: ECS checks in that order.
    if (input.tasks.length === 0) throw EcsErrors.invalidParameter('Tasks cannot be empty.')
    if (input.tasks.length > 100) throw EcsErrors.invalidParameter('You can describe up to 100 tasks at a time.')
    const out: DescribeTasksResponse = { tasks: [], failures: [] }
    for (const ref of input.tasks) {
      const arn = taskArnOf(ref, cluster, deps)
      const task = await tx.tasks.get(arn)
      if (task && task.clusterArn === cluster.arn) out.tasks!.push(viewTask(task, withTags ? await tx.tags.get(arn) : undefined))
      else out.failures!.push(missing(arn))
    }
    return out
  })
}
