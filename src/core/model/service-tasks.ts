import { taskStatusOrder } from '../status.js'
import type { TaskRecord } from './task.js'

/**
 * How a service's tasks count, as DescribeServices and the service-deployment API report
 * them. Counts are derived from the tasks each time, never stored.
 *
 *   running = lastStatus RUNNING and desiredStatus RUNNING
 *   pending = lastStatus before RUNNING (PROVISIONING, PENDING, ACTIVATING) and desiredStatus RUNNING
 *
 * A task being stopped (desired STOPPED) counts as neither, whatever it still reports.
 */
export interface TaskCounts {
  running: number
  pending: number
}

const RUNNING = taskStatusOrder('RUNNING')

export const isRunningTask = (t: Pick<TaskRecord, 'lastStatus' | 'desiredStatus'>): boolean =>
  t.desiredStatus === 'RUNNING' && t.lastStatus === 'RUNNING'

export const isPendingTask = (t: Pick<TaskRecord, 'lastStatus' | 'desiredStatus'>): boolean =>
  t.desiredStatus === 'RUNNING' && taskStatusOrder(t.lastStatus) < RUNNING

/** Counts per deployment id (a service task's `startedBy`); tasks started by no one are left out. */
export function countByDeployment(tasks: readonly Pick<TaskRecord, 'lastStatus' | 'desiredStatus' | 'startedBy'>[]): Map<string, TaskCounts> {
  const counts = new Map<string, TaskCounts>()
  for (const t of tasks) {
    if (t.startedBy === undefined) continue
    const running = isRunningTask(t)
    const pending = isPendingTask(t)
    if (!running && !pending) continue
    const c = counts.get(t.startedBy) ?? { running: 0, pending: 0 }
    if (running) c.running++
    else c.pending++
    counts.set(t.startedBy, c)
  }
  return counts
}

/** One deployment's counts, zero when it has no tasks. */
export const countsOf = (counts: ReadonlyMap<string, TaskCounts>, deploymentId: string): TaskCounts =>
  counts.get(deploymentId) ?? { running: 0, pending: 0 }

/** The sum over some deployments: a service's own counts are those of its live deployments. */
export function sumCounts(counts: ReadonlyMap<string, TaskCounts>, deploymentIds: readonly string[]): TaskCounts {
  let running = 0
  let pending = 0
  for (const id of deploymentIds) {
    const c = countsOf(counts, id)
    running += c.running
    pending += c.pending
  }
  return { running, pending }
}
