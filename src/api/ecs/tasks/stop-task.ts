import type { StopTaskRequest, StopTaskResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { isWaitingForCapacity, type TaskRecord } from '../../../core/model/task.js'
import { stopWaitingTask } from '../../../core/model/waiting-task.js'
import type { ReadTx } from '../../../state/store.js'
import type { EcsDeps, EcsOperation } from '../deps.js'
import { requireCluster } from '../resolve.js'
import { taskArnOf } from './task-ref.js'
import { viewTask } from './task-view.js'

const MAX_REASON = 255

/**
 * Sets the task's desired status to STOPPED; a RUNNING task of a service with load balancers
 * drains its targets first, as the service scheduler's own stops do (ECS's DEACTIVATING), so
 * no request in flight to it is cut. The agent sees the change on its channel, sends
 * SIGTERM, waits the container's stopTimeout, then SIGKILL, and reports it STOPPED. Stopping
 * a task already stopping or stopped changes nothing and answers with it as it is. A task still
 * waiting in PROVISIONING for capacity (no instance yet) is STOPPED at once: no agent has it.
 */
export const stopTask: EcsOperation<StopTaskRequest, StopTaskResponse> = async (input, deps) => {
  if (input.reason !== undefined && input.reason.length > MAX_REASON) {
    throw EcsErrors.invalidParameter(`The reason can be at most ${MAX_REASON} characters.`)
  }
  return deps.store.txn(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    const task = await tx.tasks.get(taskArnOf(input.task, cluster, deps))
    if (!task || task.clusterArn !== cluster.arn) throw EcsErrors.invalidParameter('The referenced task was not found.')
    if (task.desiredStatus === 'STOPPED' || task.deactivating !== undefined) return { task: viewTask(task) }
    const stoppedReason = input.reason ?? 'Task stopped by user'
    if (isWaitingForCapacity(task)) {
      // Still PROVISIONING with no instance: no agent has it to stop, so it stops at once.
      const stopped = stopWaitingTask(task, deps.clock.now(), 'UserInitiated', stoppedReason)
      await tx.tasks.put(stopped)
      return { task: viewTask(stopped) }
    }
    if (await behindLoadBalancer(tx, task, cluster.name, deps)) {
      // Its targets drain first (DEACTIVATING); the service scheduler stops it once they are gone.
      const deactivating = { ...task, deactivating: { since: deps.clock.now(), stopCode: 'UserInitiated' as const, stoppedReason }, version: task.version + 1 }
      await tx.tasks.put(deactivating)
      return { task: viewTask(deactivating) }
    }
    const stopped = {
      ...task,
      desiredStatus: 'STOPPED' as const,
      stopCode: 'UserInitiated' as const,
      stoppedReason,
      stoppingAt: deps.clock.now(),
      version: task.version + 1,
    }
    await tx.tasks.put(stopped)
    return { task: viewTask(stopped) }
  })
}

/** True for a RUNNING task of a live service whose tasks are registered in target groups. */
async function behindLoadBalancer(tx: ReadTx, task: TaskRecord, clusterName: string, deps: Pick<EcsDeps, 'arns'>): Promise<boolean> {
  if (task.lastStatus !== 'RUNNING' || !task.startedBy?.startsWith('ecs-svc/') || !task.group.startsWith('service:')) return false
  const service = await tx.services.get(deps.arns.service(clusterName, task.group.slice('service:'.length)))
  return service !== undefined && service.status !== 'INACTIVE' && service.loadBalancers.length > 0
}
