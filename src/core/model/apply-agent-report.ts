import type { TaskReport } from '../agent-protocol.js'
import { laterTaskStatus, taskStatusOrder } from '../status.js'
import type { TaskContainerRecord, TaskRecord } from './task.js'

const CONTAINER_ORDER = { PENDING: 0, RUNNING: 1, STOPPED: 2 } as const

/**
 * Folds what an agent observed into a stored task, copying only the fields the agent owns.
 * Returns the updated task, or undefined when the report changes nothing (reports are resent
 * after reconnects: applying one twice must be a no-op).
 *
 * Invariants kept here:
 *   - lastStatus and each container's lastStatus never move backwards;
 *   - a task the agent reports STOPPED is desired STOPPED too (an essential container exited,
 *     or a pull failed: nothing will bring it back), and gets stoppedAt once;
 *   - stopCode and stoppedReason set by the control plane (StopTask) win over the agent's;
 *   - version increments once per report that changes something.
 */
export function applyAgentReport(task: TaskRecord, report: TaskReport, now: number): TaskRecord | undefined {
  const next: TaskRecord = structuredClone(task)
  next.lastStatus = laterTaskStatus(task.lastStatus, report.knownStatus)
  next.connectivity = 'CONNECTED'
  next.connectivityAt ??= now
  next.containers = task.containers.map((c) => mergeContainer(c, report.containers.find((r) => r.name === c.name)))
  if (report.healthStatus) next.healthStatus = report.healthStatus
  // Only an awsvpc task has an interface of its own: a report of one for another task is ignored.
  if (report.networkInterface && task.networkMode === 'awsvpc') next.networkInterface = { ...report.networkInterface }
  for (const field of ['pullStartedAt', 'pullStoppedAt', 'startedAt', 'executionStoppedAt'] as const) {
    const seen = report[field]
    if (seen !== undefined && next[field] === undefined) next[field] = seen
  }
  if (taskStatusOrder(next.lastStatus) >= taskStatusOrder('STOPPING')) next.stoppingAt ??= now
  if (next.lastStatus === 'STOPPED') {
    next.desiredStatus = 'STOPPED'
    next.stoppedAt ??= now
    next.executionStoppedAt ??= now
    if (next.stopCode === undefined && report.stopCode) next.stopCode = report.stopCode
    if (next.stoppedReason === undefined && report.stoppedReason) next.stoppedReason = report.stoppedReason
  }
  if (sameTask(task, next)) return undefined
  next.version = task.version + 1
  return next
}

function mergeContainer(c: TaskContainerRecord, seen: TaskReport['containers'][number] | undefined): TaskContainerRecord {
  if (!seen) return c
  const next: TaskContainerRecord = { ...c }
  if (CONTAINER_ORDER[seen.status] > CONTAINER_ORDER[c.lastStatus]) next.lastStatus = seen.status
  if (seen.runtimeId !== undefined) next.runtimeId = seen.runtimeId
  if (seen.imageDigest !== undefined) next.imageDigest = seen.imageDigest
  if (seen.exitCode !== undefined) next.exitCode = seen.exitCode
  if (seen.reason !== undefined) next.reason = seen.reason
  if (seen.networkBindings !== undefined) next.networkBindings = seen.networkBindings
  if (seen.healthStatus !== undefined) next.healthStatus = seen.healthStatus
  return next
}

const sameTask = (a: TaskRecord, b: TaskRecord): boolean => JSON.stringify(a) === JSON.stringify(b)
