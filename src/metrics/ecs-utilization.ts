import type { ContainerInstanceStatus } from '../core/model/container-instance.js'
import type { TaskRecord } from '../core/model/task.js'
import { parseTaskCpu, parseTaskMemory } from '../core/model/task-size.js'
import { metricId, type Observation } from './metric-store.js'

/**
 * `AWS/ECS` metrics with ECS's definitions (pure), for one cluster at one instant:
 *
 *   CPUUtilization {ClusterName, ServiceName}  Σ CPU units used by the service's tasks × 100
 *                                              / Σ CPU units each of those tasks reserves
 *   MemoryUtilization {ClusterName, ServiceName}  the same in MiB
 *   CPUUtilization {ClusterName}               Σ CPU units used by every task in the cluster × 100
 *                                              / Σ CPU registered by ACTIVE and DRAINING instances
 *   MemoryUtilization {ClusterName}            the same in MiB
 *   CPUReservation {ClusterName}               Σ CPU units reserved by RUNNING tasks × 100 / registered
 *   MemoryReservation {ClusterName}            the same in MiB
 *
 * A task "reserves" its task-level cpu / memory when set, else the sum of its containers'
 * (memory: each container's memoryReservation, its soft limit, when set, else its hard limit).
 *
 * The service figure's Average is the formula above; its Minimum and Maximum are the
 * utilizations of the service's least and most busy task, as ECS documents them. Each call
 * is one observation per metric (SampleCount 1); a minute of them averages as CloudWatch
 * averages ECS's one-per-minute points.
 *
 * Worked example: a service of two tasks of 256 units each, one using 256 (a busy loop
 * capped at its share) and one 0: Average 256 / 512 = 50 %, Minimum 0 %, Maximum 100 %.
 *
 * Only tasks RUNNING with a recent sample count towards utilization (a task just started has
 * none yet, and would pull the figure down for no reason); a service none of whose tasks has
 * one, or whose tasks reserve nothing (cpu 0), has no point. Reservation counts every
 * RUNNING task, sampled or not. A cluster without registered CPU (or memory) has no points
 * for it.
 */
export interface ClusterUsage {
  clusterName: string
  instances: readonly { status: ContainerInstanceStatus; cpu: number; memoryMiB: number }[]
  /** The cluster's RUNNING tasks. */
  tasks: readonly TaskUsage[]
  /** When the newest of the tasks' samples was received; absent when none has one. */
  newestSampleAt?: number | undefined
}

export interface TaskUsage {
  /** The service that owns it (its group `service:<name>`), if any. */
  serviceName: string | undefined
  reserved: { cpu: number; memoryMiB: number }
  /** What its latest recent sample says it uses; absent when it has none. */
  used: { cpu: number; memoryMiB: number } | undefined
}

export const ECS_NAMESPACE = 'AWS/ECS'

export function ecsObservations(cluster: ClusterUsage, timestamp: number, storageResolution: 1 | 60 = 60): Observation[] {
  const out: Observation[] = []
  const put = (name: string, dims: Record<string, string>, avg: number, min = avg, max = avg) =>
    out.push({
      metric: metricId(ECS_NAMESPACE, name, Object.entries(dims).map(([n, value]) => ({ name: n, value }))),
      timestamp,
      values: { sampleCount: 1, sum: avg, minimum: min, maximum: max },
      unit: 'Percent',
      storageResolution,
    })
  const cluster1 = { ClusterName: cluster.clusterName }

  const counted = cluster.instances.filter((i) => i.status === 'ACTIVE' || i.status === 'DRAINING')
  const registered = { cpu: sum(counted, (i) => i.cpu), memoryMiB: sum(counted, (i) => i.memoryMiB) }
  const sampled = cluster.tasks.filter((t) => t.used !== undefined)
  for (const [resource, util, reservation] of [
    ['cpu', 'CPUUtilization', 'CPUReservation'],
    ['memoryMiB', 'MemoryUtilization', 'MemoryReservation'],
  ] as const) {
    if (registered[resource] <= 0) continue
    put(reservation, cluster1, percent(sum(cluster.tasks, (t) => t.reserved[resource]), registered[resource]))
    if (sampled.length > 0) put(util, cluster1, percent(sum(sampled, (t) => t.used![resource]), registered[resource]))
  }

  for (const [serviceName, tasks] of byService(sampled)) {
    const dims = { ClusterName: cluster.clusterName, ServiceName: serviceName }
    for (const [resource, util] of [
      ['cpu', 'CPUUtilization'],
      ['memoryMiB', 'MemoryUtilization'],
    ] as const) {
      const reserving = tasks.filter((t) => t.reserved[resource] > 0)
      if (reserving.length === 0) continue
      const each = reserving.map((t) => percent(t.used![resource], t.reserved[resource]))
      const avg = percent(sum(reserving, (t) => t.used![resource]), sum(reserving, (t) => t.reserved[resource]))
      put(util, dims, avg, Math.min(...each), Math.max(...each))
    }
  }
  return out
}

/** What a task reserves as ECS's metrics count it (see above). */
export function reservedForMetrics(task: Pick<TaskRecord, 'cpu' | 'memory' | 'containers'>): { cpu: number; memoryMiB: number } {
  const taskCpu = task.cpu !== undefined ? parseTaskCpu(task.cpu) : undefined
  const taskMemory = task.memory !== undefined ? parseTaskMemory(task.memory) : undefined
  return {
    cpu: taskCpu ?? sum(task.containers, (c) => c.cpu ?? 0),
    memoryMiB: taskMemory ?? sum(task.containers, (c) => c.memoryReservation ?? c.memory ?? 0),
  }
}

/** The service a task's group names (`service:web` → `web`). */
export const serviceOfGroup = (group: string): string | undefined => (group.startsWith('service:') ? group.slice('service:'.length) : undefined)

const sum = <T>(items: readonly T[], pick: (t: T) => number): number => items.reduce((n, t) => n + pick(t), 0)
const percent = (part: number, whole: number): number => (whole > 0 ? (part * 100) / whole : 0)

function byService(tasks: readonly TaskUsage[]): Map<string, TaskUsage[]> {
  const out = new Map<string, TaskUsage[]>()
  for (const t of tasks) {
    if (t.serviceName === undefined) continue
    const list = out.get(t.serviceName)
    if (list) list.push(t)
    else out.set(t.serviceName, [t])
  }
  return out
}
