import type { TaskStopCode } from '../aws-model/ecs.types.js'
import type { TaskRecord } from './task.js'

/**
 * How long a task may wait in PROVISIONING for its capacity provider's capacity. AWS's "Deep
 * Dive on Amazon ECS Cluster Auto Scaling" says provisioning tasks "wait for capacity for
 * between 10 and 30 minutes before transitioning to stopped"; Berth waits the longest of that.
 */
export const PROVISIONING_TIMEOUT_MS = 30 * 60_000

/**
 * Ends a task that waits with no instance (isWaitingForCapacity): no agent knows it, so it
 * goes straight to STOPPED, its containers never started. This is the one path on which the
 * control plane, not an agent, writes a task's lastStatus: there is no agent to report it.
 * Its callers: StopTask, and the provisioning pass (a timeout, or a stop the service scheduler
 * decided).
 */
export function stopWaitingTask(task: TaskRecord, now: number, stopCode: TaskStopCode, stoppedReason: string): TaskRecord {
  return {
    ...task,
    desiredStatus: 'STOPPED',
    lastStatus: 'STOPPED',
    stopCode,
    stoppedReason,
    stoppingAt: task.stoppingAt ?? now,
    executionStoppedAt: now,
    stoppedAt: now,
    containers: task.containers.map((c) => ({ ...c, lastStatus: 'STOPPED' as const })),
    version: task.version + 1,
  }
}
