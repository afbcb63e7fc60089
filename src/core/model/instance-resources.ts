import type { Resource } from '../aws-model/ecs.types.js'

/**
 * What a task placed on a container instance takes from it. The task model supplies one per
 * task; until tasks exist every instance has an empty list, and remaining = registered.
 */
export interface TaskFootprint {
  /** As the wire collapses a task's lastStatus. A STOPPED task holds nothing. */
  status: 'PENDING' | 'RUNNING' | 'STOPPED'
  /** The task's group (`service:web`, `family:web`), for `task:group` queries. */
  group: string
  /** CPU units and MiB reserved on the instance. */
  cpu: number
  memory: number
  /** Host ports its containers bind. */
  tcpPorts: readonly number[]
  udpPorts: readonly number[]
}

/** Resources every registered instance reports, in the order ECS lists them. */
export const INSTANCE_RESOURCES = ['CPU', 'MEMORY', 'PORTS', 'PORTS_UDP'] as const

const holding = (tasks: readonly TaskFootprint[]) => tasks.filter((t) => t.status !== 'STOPPED')

/**
 * Registered minus what live tasks reserve. CPU and MEMORY shrink by the tasks' reservations;
 * PORTS and PORTS_UDP list ports that are *taken* (the agent registers its reserved ports, e.g.
 * 22 and 51678), so they grow by the tasks' host ports. Other resources pass through.
 *
 * Example: CPU 2048, MEMORY 3955, PORTS [22] with one RUNNING task of cpu 256, memory 512,
 * tcp port 8080 → CPU 1792, MEMORY 3443, PORTS [22, 8080].
 */
export function remainingResources(registered: readonly Resource[], tasks: readonly TaskFootprint[]): Resource[] {
  const live = holding(tasks)
  const sum = (pick: (t: TaskFootprint) => number) => live.reduce((n, t) => n + pick(t), 0)
  const taken = (base: readonly string[] | undefined, pick: (t: TaskFootprint) => readonly number[]) => [
    ...new Set([...(base ?? []), ...live.flatMap((t) => pick(t).map(String))]),
  ]
  return registered.map((r) => {
    switch (r.name) {
      case 'CPU':
        return { ...r, integerValue: (r.integerValue ?? 0) - sum((t) => t.cpu) }
      case 'MEMORY':
        return { ...r, integerValue: (r.integerValue ?? 0) - sum((t) => t.memory) }
      case 'PORTS':
        return { ...r, stringSetValue: taken(r.stringSetValue, (t) => t.tcpPorts) }
      case 'PORTS_UDP':
        return { ...r, stringSetValue: taken(r.stringSetValue, (t) => t.udpPorts) }
      default:
        return { ...r }
    }
  })
}

/** runningTasksCount and pendingTasksCount as ECS reports them for an instance. */
export function countTasks(tasks: readonly TaskFootprint[]): { running: number; pending: number } {
  return {
    running: tasks.filter((t) => t.status === 'RUNNING').length,
    pending: tasks.filter((t) => t.status === 'PENDING').length,
  }
}

/** The groups of the tasks an instance holds, for `task:group` in the query language. */
export const taskGroups = (tasks: readonly TaskFootprint[]): string[] => holding(tasks).map((t) => t.group)
