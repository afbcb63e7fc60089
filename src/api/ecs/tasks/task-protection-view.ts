import type { Failure, ProtectedTask } from '../../../core/aws-model/ecs.types.js'
import { toEpochSeconds } from '../../../core/clock.js'
import { isProtected, isServiceTask } from '../../../core/model/task-protection.js'
import type { TaskRecord } from '../../../core/model/task.js'
import { missing } from '../resolve.js'

/** A task's protection as ECS shows it: expirationDate only while it lasts. */
export function viewProtection(task: TaskRecord, now: number): ProtectedTask {
  return isProtected(task, now)
    ? { taskArn: task.arn, protectionEnabled: true, expirationDate: toEpochSeconds(task.protectedUntil!) }
    : { taskArn: task.arn, protectionEnabled: false }
}

/**
 * Why a task named in a protection call is not answered (ECS's API failure reasons): MISSING
 * when there is no such task in the cluster, TASK_NOT_VALID when no service started it.
 */
export function protectionFailure(arn: string, task: TaskRecord | undefined, clusterArn: string): Failure | undefined {
  if (!task || task.clusterArn !== clusterArn) return missing(arn)
  if (!isServiceTask(task)) return { arn, reason: 'TASK_NOT_VALID' }
  return undefined
}
