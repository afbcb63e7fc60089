import type { StopTaskRequest, StopTaskResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { EcsOperation } from '../deps.js'
import { requireCluster } from '../resolve.js'
import { taskArnOf } from './task-ref.js'
import { viewTask } from './task-view.js'

const MAX_REASON = 255

/**
 * Sets the task's desired status to STOPPED. The agent sees the change on its channel, sends
 * SIGTERM, waits the container's stopTimeout, then SIGKILL, and reports it STOPPED. Stopping
 * a task already stopping or stopped changes nothing and answers with it as it is.
 */
export const stopTask: EcsOperation<StopTaskRequest, StopTaskResponse> = async (input, deps) => {
  if (input.reason !== undefined && input.reason.length > MAX_REASON) {
    throw EcsErrors.invalidParameter(`The reason can be at most ${MAX_REASON} characters.`)
  }
  return deps.store.txn(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    const task = await tx.tasks.get(taskArnOf(input.task, cluster, deps))
    if (!task || task.clusterArn !== cluster.arn) throw EcsErrors.invalidParameter('The referenced task was not found.')
    if (task.desiredStatus === 'STOPPED') return { task: viewTask(task) }
    const stopped = {
      ...task,
      desiredStatus: 'STOPPED' as const,
      stopCode: 'UserInitiated' as const,
      stoppedReason: input.reason ?? 'Task stopped by user',
      stoppingAt: deps.clock.now(),
      version: task.version + 1,
    }
    await tx.tasks.put(stopped)
    return { task: viewTask(stopped) }
  })
}
