import type { ContainerDefinition, RegisterTaskDefinitionRequest } from '../../../core/aws-model/ecs.types.js'
import { externalIncompatibility, fargateIncompatibility } from '../../../core/model/compatibilities.js'
import { parseTaskCpu, parseTaskMemory } from '../../../core/model/task-size.js'
import { EcsErrors } from '../../../core/errors.js'
import { checkContainer } from './check-container.js'

/**
 * Everything ECS refuses in a RegisterTaskDefinition request that the model itself does not
 * (the model only knows required members, JSON types and enums). Pure: throws the first
 * problem found as a ClientException, the error ECS answers for all of these.
 *
 * Order: family, container count, task size, each container alone, then what ties
 * containers and volumes together, then the launch types the request requires.
 */
const FAMILY = /^[a-zA-Z0-9_-]{1,255}$/
const VOLUME_NAME = /^[a-zA-Z0-9_-]{1,255}$/
export const MAX_CONTAINERS = 10

const fail = (message: string): never => {
  throw EcsErrors.client(message)
}

export function checkTaskDefinition(req: RegisterTaskDefinitionRequest): void {
  if (!req.family) fail('Family can not be blank.')
  if (!FAMILY.test(req.family)) fail('Family contains invalid characters.')
  const containers = req.containerDefinitions
  if (containers.length === 0) fail('Container list cannot be empty.')
  if (containers.length > MAX_CONTAINERS) fail('Too many containers.')

  const taskCpu = req.cpu === undefined ? undefined : (parseTaskCpu(req.cpu) ?? fail(`Invalid 'cpu' setting for task: '${req.cpu}'.`))
  const taskMemory =
    req.memory === undefined ? undefined : (parseTaskMemory(req.memory) ?? fail(`Invalid 'memory' setting for task: '${req.memory}'.`))

  const networkMode = req.networkMode ?? 'bridge'
  for (const c of containers) checkContainer(c, { networkMode, taskMemory: taskMemory !== undefined })
  checkUniqueNames(containers)
  checkReferences(req, containers)
  checkHostPorts(containers, networkMode)
  if (!containers.some((c) => c.essential !== false)) fail("Task definition doesn't have any essential container.")
  checkTaskSize(containers, taskCpu, taskMemory)

  const required = new Set(req.requiresCompatibilities ?? [])
  if (required.has('FARGATE')) {
    const why = fargateIncompatibility(req)
    if (why) fail(why)
  }
  if (required.has('EXTERNAL')) {
    const why = externalIncompatibility(req)
    if (why) fail(why)
  }
}

function checkUniqueNames(containers: readonly ContainerDefinition[]): void {
  if (new Set(containers.map((c) => c.name)).size !== containers.length) {
    fail('Container names must be unique within a Task Definition.')
  }
}

/** Volumes named once each; mount points, volumesFrom, links and dependsOn name what exists. */
function checkReferences(req: RegisterTaskDefinitionRequest, containers: readonly ContainerDefinition[]): void {
  const volumes = new Set<string>()
  for (const v of req.volumes ?? []) {
    if (!v.name) fail('Volume.name should not be null or empty.')
    if (!VOLUME_NAME.test(v.name!)) fail('Volume.name contains invalid characters.')
    if (volumes.has(v.name!)) fail('Volume names must be unique within a Task Definition.')
    volumes.add(v.name!)
  }
  const byName = new Map(containers.map((c) => [c.name!, c]))
  const networkMode = req.networkMode ?? 'bridge'
  for (const c of containers) {
    for (const m of c.mountPoints ?? []) {
      // ECS's own words, 'null' included, for a mount point without a sourceVolume.
      if (m.sourceVolume === undefined || !volumes.has(m.sourceVolume)) fail(`Unknown volume '${m.sourceVolume ?? 'null'}'.`)
    }
    for (const f of c.volumesFrom ?? []) {
      if (f.sourceContainer === undefined || !byName.has(f.sourceContainer) || f.sourceContainer === c.name) {
        fail(`Invalid 'volumesFrom' setting for container '${c.name}': unknown source container '${f.sourceContainer ?? 'null'}'.`)
      }
    }
    if (c.links?.length && networkMode !== 'bridge') fail(`Links are not supported when networkMode=${networkMode}.`)
    for (const link of c.links ?? []) {
      // A link is "name" or "name:alias".
      const target = link.split(':')[0]!
      if (!byName.has(target) || target === c.name) fail(`Invalid 'links' setting for container '${c.name}': unknown container '${target}'.`)
    }
    for (const d of c.dependsOn ?? []) {
      const target = byName.get(d.containerName)
      if (!target || d.containerName === c.name) {
        fail(`Invalid 'dependsOn' setting for container '${c.name}': unknown container '${d.containerName}'.`)
      }
      // A container others wait on to finish cannot be one whose exit stops the task.
      if ((d.condition === 'SUCCESS' || d.condition === 'COMPLETE') && target!.essential !== false) {
        fail('A dependency container with SUCCESS or COMPLETE condition cannot be an essential container')
      }
    }
  }
}

/**
 * Two mappings may not claim one host port and protocol. With awsvpc or host networking the
 * host port is the container port; in bridge mode 0 or none means a dynamic port, never a clash.
 */
function checkHostPorts(containers: readonly ContainerDefinition[], networkMode: string): void {
  const taken = new Set<string>()
  for (const c of containers) {
    for (const p of c.portMappings ?? []) {
      const shared = networkMode === 'awsvpc' || networkMode === 'host'
      const host = shared ? p.hostPort || p.containerPort : p.hostPort
      if (!host) continue
      const key = `${host}/${p.protocol ?? 'tcp'}`
      if (taken.has(key)) fail(`The host port ${key} is mapped more than once in this task definition (container '${c.name}').`)
      taken.add(key)
    }
  }
}

/** Containers must fit in the task: cpu summed, each memory limit, reservations summed. */
function checkTaskSize(containers: readonly ContainerDefinition[], taskCpu?: number, taskMemory?: number): void {
  if (taskCpu !== undefined && containers.reduce((sum, c) => sum + (c.cpu ?? 0), 0) > taskCpu) {
    fail("The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'.")
  }
  if (taskMemory === undefined) return
  for (const c of containers) {
    if (c.memory !== undefined && c.memory > taskMemory) fail(`The 'memory' setting for container '${c.name}' is greater than for the task.`)
  }
  if (containers.reduce((sum, c) => sum + (c.memoryReservation ?? 0), 0) > taskMemory) {
    fail("The sum of all container 'memoryReservation' values cannot be greater than the value of the task 'memory'.")
  }
}
