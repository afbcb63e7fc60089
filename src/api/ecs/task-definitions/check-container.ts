import type { ContainerDefinition, ContainerRestartPolicy, HealthCheck, NetworkMode, PortMapping } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { MAX_IGNORED_EXIT_CODES, RESTART_ATTEMPT_PERIOD_S } from '../../../core/model/restart-policy.js'

/**
 * The checks ECS makes on each container definition by itself. Cross-container checks (links,
 * dependsOn, host ports) live in check-task-definition.ts. Every refusal is a ClientException,
 * as ECS answers RegisterTaskDefinition; messages are ECS's own where known.
 */
const NAME = /^[a-zA-Z0-9_-]{1,255}$/
/** Docker (20.10+) refuses a memory limit under 6 MiB; ECS checks it at registration. */
export const MIN_CONTAINER_MEMORY_MIB = 6

/** Docker's health-check bounds as ECS enforces them, in seconds (retries: a count). */
export const HEALTH_CHECK_BOUNDS = {
  interval: { min: 5, max: 300 },
  timeout: { min: 2, max: 60 },
  retries: { min: 1, max: 10 },
  startPeriod: { min: 0, max: 300 },
} as const

const fail = (message: string): never => {
  throw EcsErrors.client(message)
}

export interface ContainerContext {
  /** The effective network mode: `bridge` when the request names none (Linux default). */
  networkMode: NetworkMode
  /** Whether the task sets `memory`; then containers may leave theirs out. */
  taskMemory: boolean
}

export function checkContainer(c: ContainerDefinition, ctx: ContainerContext): void {
  if (!c.name) fail('Container.name should not be null or empty.')
  if (!NAME.test(c.name!)) fail('Container.name contains invalid characters.')
  if (!c.image) fail('Container.image should not be null or empty.')
  checkMemory(c, ctx)
  if (c.cpu !== undefined && c.cpu < 0) fail(`Invalid 'cpu' setting for container '${c.name}'.`)
  for (const mapping of c.portMappings ?? []) checkPortMapping(c.name!, mapping, ctx.networkMode)
  if (c.healthCheck) checkHealthCheck(c.name!, c.healthCheck)
  for (const u of c.ulimits ?? []) {
    if (u.softLimit > u.hardLimit) {
      fail(`Invalid 'ulimits' setting for container '${c.name}'. The soft limit of '${u.name}' cannot be greater than its hard limit.`)
    }
  }
  if (c.restartPolicy) checkRestartPolicy(c.name!, c.restartPolicy)
  checkLogConfiguration(c)
}

function checkMemory(c: ContainerDefinition, ctx: ContainerContext): void {
  const { memory, memoryReservation } = c
  if (memory === undefined && memoryReservation === undefined && !ctx.taskMemory) {
    fail(`Invalid setting for container '${c.name}'. At least one of 'memory' or 'memoryReservation' must be specified.`)
  }
  if (memory !== undefined && memory < MIN_CONTAINER_MEMORY_MIB) {
    fail(`Invalid 'memory' setting for container '${c.name}'. The minimum is ${MIN_CONTAINER_MEMORY_MIB} MiB.`)
  }
  if (memoryReservation !== undefined && memoryReservation < 1) {
    fail(`Invalid 'memoryReservation' setting for container '${c.name}'.`)
  }
  if (memory !== undefined && memoryReservation !== undefined && memoryReservation > memory) {
    fail(`Invalid 'memoryReservation' setting for container '${c.name}'. It must be less than or equal to 'memory'.`)
  }
}

/**
 * A mapping needs a containerPort (unless it maps a containerPortRange). With awsvpc or host
 * networking the container's port is the host's, so a hostPort given must equal it.
 */
function checkPortMapping(name: string, p: PortMapping, networkMode: NetworkMode): void {
  if (networkMode === 'none') fail(`Port mappings are not supported when networkMode=none (container '${name}').`)
  if (p.containerPortRange !== undefined) return
  if (p.containerPort === undefined || p.containerPort < 1 || p.containerPort > 65535) {
    fail(`Invalid 'containerPort' setting for container '${name}'.`)
  }
  if (p.hostPort !== undefined && (p.hostPort < 0 || p.hostPort > 65535)) fail(`Invalid 'hostPort' setting for container '${name}'.`)
  const sharesHostNetwork = networkMode === 'awsvpc' || networkMode === 'host'
  if (sharesHostNetwork && p.hostPort !== undefined && p.hostPort !== 0 && p.hostPort !== p.containerPort) {
    fail(`When networkMode=${networkMode}, the host ports and container ports in port mappings must match.`)
  }
}

function checkHealthCheck(name: string, h: HealthCheck): void {
  if (h.command.length === 0) fail(`Invalid 'healthCheck' setting for container '${name}'. 'command' must not be empty.`)
  for (const [field, { min, max }] of Object.entries(HEALTH_CHECK_BOUNDS)) {
    const value = h[field as keyof typeof HEALTH_CHECK_BOUNDS]
    if (value !== undefined && (value < min || value > max)) {
      fail(`Invalid 'healthCheck' setting for container '${name}'. '${field}' must be between ${min} and ${max}.`)
    }
  }
}

/** At most 50 ignored exit codes, and a restartAttemptPeriod of 60 to 1800 s (`enabled` is the model's to require). */
function checkRestartPolicy(name: string, p: ContainerRestartPolicy): void {
  const bad = (why: string) => fail(`Invalid 'restartPolicy' setting for container '${name}'. ${why}`)
  if ((p.ignoredExitCodes?.length ?? 0) > MAX_IGNORED_EXIT_CODES) bad(`'ignoredExitCodes' can list at most ${MAX_IGNORED_EXIT_CODES} exit codes.`)
  const { min, max } = RESTART_ATTEMPT_PERIOD_S
  const period = p.restartAttemptPeriod
  if (period !== undefined && (period < min || period > max)) bad(`'restartAttemptPeriod' must be between ${min} and ${max} seconds.`)
}

/** awslogs cannot ship without a group and a region; ECS lists the ones missing. */
function checkLogConfiguration(c: ContainerDefinition): void {
  if (c.logConfiguration?.logDriver !== 'awslogs') return
  const options = c.logConfiguration.options ?? {}
  const missing = ['awslogs-region', 'awslogs-group'].filter((o) => !options[o])
  if (missing.length) fail(`Log driver awslogs requires options: ${missing.join(', ')}`)
}
