import type { ContainerDefinition, TaskDefinition, TaskOverride } from '../aws-model/ecs.types.js'
import { EcsErrors } from '../errors.js'
import { parseTaskCpu, parseTaskMemory } from './task-size.js'
import type { TaskReservation } from './task.js'

/**
 * What a task will take from its instance (pure): CPU units and MiB as ECS reserves them, and
 * the static host ports its containers publish.
 *
 *   cpu    = task cpu if set, else the sum of the containers' cpu (0 when absent)
 *   memory = task memory if set, else the sum of each container's memory, or its
 *            memoryReservation when it has no hard limit
 *   ports  = bridge: each mapping's hostPort when > 0 (0 or absent is dynamic and never
 *            conflicts); host: the containerPort, which is the host port; awsvpc and none: none,
 *            since each awsvpc task has an address of its own.
 *
 * Overrides win over the definition, container by container.
 */
export function taskReservation(td: TaskDefinition, overrides: TaskOverride): TaskReservation {
  const containers = effectiveContainers(td, overrides)
  const taskCpu = overrides.cpu ?? td.cpu
  const taskMemory = overrides.memory ?? td.memory
  const cpu = taskCpu !== undefined ? parseTaskCpu(taskCpu) : containers.reduce((n, c) => n + (c.cpu ?? 0), 0)
  const memory =
    taskMemory !== undefined ? parseTaskMemory(taskMemory) : containers.reduce((n, c) => n + (c.memory ?? c.memoryReservation ?? 0), 0)
  if (cpu === undefined) throw EcsErrors.invalidParameter(`Invalid 'cpu' setting for the task: ${taskCpu}.`)
  if (memory === undefined) throw EcsErrors.invalidParameter(`Invalid 'memory' setting for the task: ${taskMemory}.`)
  const mode = td.networkMode ?? 'bridge'
  const ports = (protocol: 'tcp' | 'udp') =>
    mode === 'awsvpc' || mode === 'none'
      ? []
      : containers.flatMap((c) =>
          (c.portMappings ?? [])
            .filter((p) => (p.protocol ?? 'tcp') === protocol)
            .map((p) => (mode === 'host' ? (p.hostPort || p.containerPort) : p.hostPort))
            .filter((port): port is number => port !== undefined && port > 0),
        )
  return { cpu, memory, tcpPorts: ports('tcp'), udpPorts: ports('udp') }
}

/** The container definitions as this task runs them: cpu and memory overrides applied. */
export function effectiveContainers(td: TaskDefinition, overrides: TaskOverride): ContainerDefinition[] {
  return (td.containerDefinitions ?? []).map((c) => {
    const o = overrides.containerOverrides?.find((x) => x.name === c.name)
    if (!o) return c
    return {
      ...c,
      ...(o.cpu !== undefined ? { cpu: o.cpu } : {}),
      ...(o.memory !== undefined ? { memory: o.memory } : {}),
      ...(o.memoryReservation !== undefined ? { memoryReservation: o.memoryReservation } : {}),
    }
  })
}
