import type { DeploymentRecord, SchedulerState } from '../../core/model/service.js'
import type { TaskRecord } from '../../core/model/task.js'
import { StopReasons } from './messages.js'

/**
 * Crash-loop throttling ("service throttle logic"): tasks that keep failing to reach RUNNING
 * are started less and less often, "incrementally increased up to a maximum of 27 minutes"
 * (ECS). ECS publishes no curve: here the first two failures in a row are retried at once,
 * then 30 s, doubling, up to 27 minutes. A task that reaches RUNNING, or a new deployment,
 * ends it.
 */
export const THROTTLE_MAX_MS = 27 * 60 * 1000
export const THROTTLE_FREE_FAILURES = 2
export function throttleDelay(startFailures: number): number {
  if (startFailures <= THROTTLE_FREE_FAILURES) return 0
  return Math.min(THROTTLE_MAX_MS, 30_000 * 2 ** (startFailures - THROTTLE_FREE_FAILURES - 1))
}

/** How a stopped task counts, once (pure). */
export interface StopVerdict {
  /** A failure for the circuit breaker: it stopped on its own (or failed its health checks) before it was ever healthy. */
  failure: boolean
  /** A failure to start: it never reached RUNNING (throttling counts these). */
  startFailure: boolean
}

export function judgeStop(task: TaskRecord): StopVerdict {
  const failedChecks = task.stoppedReason === StopReasons.failedHealthChecks
  const stoppedOnPurpose = (task.stopCode === 'ServiceSchedulerInitiated' && !failedChecks) || task.stopCode === 'UserInitiated'
  const failure = !stoppedOnPurpose && task.healthyAt === undefined
  return { failure, startFailure: failure && task.startedAt === undefined }
}

export interface Accounting {
  /** The deployments with their failure counts and success brought up to date. */
  deployments: DeploymentRecord[]
  scheduler: SchedulerState
  /** Tasks to write with their marks (serviceAccounted, healthyAt). */
  marked: TaskRecord[]
  /** True when this pass counted a failure to start that throttling now holds back. */
  throttledNow: boolean
}

/**
 * Counts what happened to the service's tasks since the last pass (pure):
 *   - each newly STOPPED task once: a failure adds to its deployment's failedTasks (while that
 *     deployment has had no healthy task) and, if it never ran, to the throttle;
 *   - each task seen healthy for the first time: marks it, and its deployment succeeded
 *     ("Once a service deployment has one or more successfully running tasks, the failed task
 *     count resets to zero and stops being evaluated");
 *   - a task healthy for the first time ends throttling (tasks do start, then).
 */
export function account(
  deployments: readonly DeploymentRecord[],
  scheduler: SchedulerState,
  stopped: readonly TaskRecord[],
  healthyNow: readonly TaskRecord[],
  now: number,
): Accounting {
  const byId = new Map(deployments.map((d) => [d.id, { ...d }]))
  let state: SchedulerState = { ...scheduler }
  const marked: TaskRecord[] = []
  let throttledNow = false
  for (const task of stopped) {
    marked.push({ ...task, serviceAccounted: true })
    const verdict = judgeStop(task)
    const d = task.startedBy === undefined ? undefined : byId.get(task.startedBy)
    if (verdict.failure && d && !d.succeeded) {
      d.failedTasks += 1
      d.updatedAt = now
    }
    if (verdict.startFailure) {
      const failures = state.startFailures + 1
      const delay = throttleDelay(failures)
      state = { ...state, startFailures: failures, ...(delay > 0 ? { nextStartAt: now + delay } : {}) }
      throttledNow ||= delay > 0
    }
  }
  for (const task of healthyNow) {
    marked.push({ ...task, healthyAt: now })
    const d = task.startedBy === undefined ? undefined : byId.get(task.startedBy)
    if (d && !d.succeeded) Object.assign(d, { succeeded: true, failedTasks: 0, updatedAt: now })
  }
  if (healthyNow.length > 0 && !throttledNow && state.startFailures > 0) {
    const { nextStartAt: _done, ...rest } = state
    state = { ...rest, startFailures: 0 }
  }
  return { deployments: deployments.map((d) => byId.get(d.id)!), scheduler: state, marked, throttledNow }
}
