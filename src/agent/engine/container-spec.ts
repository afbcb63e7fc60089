import type { ContainerDefinition, ContainerOverride, HealthCheck, LinuxParameters, LogConfiguration } from '../../core/aws-model/ecs.types.js'
import type { ContainerSpec, HealthCheckSpec, LoggingSpec, PortBinding, Protocol } from '../runtime/spec.js'

/**
 * One ECS container definition (with its RunTask override) → the engine-independent part of
 * its ContainerSpec (pure). Networking, mounts, links and names depend on the task and its
 * siblings: task-plan.ts adds those.
 */

/** ECS HealthCheck defaults, in seconds as ECS counts them (ECS API reference, HealthCheck). */
export const HEALTH_CHECK_DEFAULTS = { interval: 30, timeout: 5, retries: 3, startPeriod: 0 } as const

/**
 * CPU shares as ECS agents ≥ 1.2.0 pass them: absent, 0 and 1 become 2 (the kernel's minimum),
 * and the kernel's maximum is 262144.
 */
export const CPU_SHARES = { min: 2, max: 262_144 } as const

export function cpuShares(cpu: number | undefined): number {
  return Math.min(CPU_SHARES.max, Math.max(CPU_SHARES.min, cpu ?? 0))
}

/** ECS seconds → the runtime's milliseconds, with ECS's defaults filled in. */
export function toHealthCheckSpec(h: HealthCheck): HealthCheckSpec {
  const d = HEALTH_CHECK_DEFAULTS
  return {
    test: [...h.command],
    intervalMs: (h.interval ?? d.interval) * 1000,
    timeoutMs: (h.timeout ?? d.timeout) * 1000,
    retries: h.retries ?? d.retries,
    startPeriodMs: (h.startPeriod ?? d.startPeriod) * 1000,
  }
}

/** `environment` as the definition gives it, then the override's entries (the override wins per name). */
export function environmentOf(def: ContainerDefinition, over: ContainerOverride | undefined): Record<string, string> | undefined {
  const pairs = [...(def.environment ?? []), ...(over?.environment ?? [])]
  if (pairs.length === 0) return undefined
  const env: Record<string, string> = {}
  for (const { name, value } of pairs) if (name) env[name] = value ?? ''
  return env
}

/**
 * Docker log drivers pass through. `awslogs` is Berth's own: Docker's awslogs driver would ship
 * to AWS, so the container logs to json-file and the agent reads and ships the lines itself
 * (agent/logs). `awsfirelens` has no local stand-in: json-file too.
 */
export function loggingOf(c: LogConfiguration | undefined): LoggingSpec | undefined {
  if (!c) return undefined
  if (c.logDriver === 'awslogs' || c.logDriver === 'awsfirelens') return { driver: 'json-file' }
  return { driver: c.logDriver, ...(c.options ? { options: { ...c.options } } : {}) }
}

/** `linuxParameters` → capabilities, devices, init, shm, tmpfs, swap. */
export function linuxParametersOf(p: LinuxParameters | undefined): Partial<ContainerSpec> {
  if (!p) return {}
  return dropUndefined({
    capAdd: p.capabilities?.add?.length ? [...p.capabilities.add] : undefined,
    capDrop: p.capabilities?.drop?.length ? [...p.capabilities.drop] : undefined,
    devices: p.devices?.map((d) => dropUndefined({ hostPath: d.hostPath, containerPath: d.containerPath, permissions: d.permissions && [...d.permissions] })) as ContainerSpec['devices'],
    init: p.initProcessEnabled,
    sharedMemoryMiB: p.sharedMemorySize,
    tmpfs: p.tmpfs?.map((t) => dropUndefined({ containerPath: t.containerPath, sizeMiB: t.size, mountOptions: t.mountOptions && [...t.mountOptions] })) as ContainerSpec['tmpfs'],
    maxSwapMiB: p.maxSwap,
    swappiness: p.swappiness,
  })
}

/** Port mappings as (container port, protocol) pairs; a mapping without a containerPort (a range) is left out. */
export function portsOf(def: ContainerDefinition): { containerPort: number; hostPort: number; protocol: Protocol }[] {
  return (def.portMappings ?? [])
    .filter((p) => p.containerPort !== undefined)
    .map((p) => ({ containerPort: p.containerPort as number, hostPort: p.hostPort ?? 0, protocol: p.protocol ?? 'tcp' }))
}

/** Bridge networking: each mapping on `bindIp`, hostPort 0 (or absent) asking for a dynamic port. */
export function bridgePorts(def: ContainerDefinition, bindIp: string): PortBinding[] {
  return portsOf(def).map((p) => ({ ...p, hostIp: bindIp }))
}

/**
 * Everything a container definition says about its own process, limits and settings.
 * `taskMemoryMiB` is the hard limit of a container that gives none: Docker has no task-level
 * cgroup shared by a task's containers here, so each such container gets the task's memory.
 */
export function baseSpec(def: ContainerDefinition, over: ContainerOverride | undefined, taskMemoryMiB: number | undefined): Omit<ContainerSpec, 'labels'> {
  const memory = over?.memory ?? def.memory ?? taskMemoryMiB
  const reservation = over?.memoryReservation ?? def.memoryReservation
  return dropUndefined({
    image: def.image ?? '',
    env: environmentOf(def, over),
    cmd: over?.command ?? def.command,
    entrypoint: def.entryPoint,
    workingDir: def.workingDirectory,
    user: def.user,
    hostname: def.hostname,
    cpuShares: cpuShares(over?.cpu ?? def.cpu),
    memoryMiB: memory,
    memoryReservationMiB: reservation,
    ...linuxParametersOf(def.linuxParameters),
    disableNetworking: def.disableNetworking,
    healthCheck: def.healthCheck && toHealthCheckSpec(def.healthCheck),
    ulimits: def.ulimits?.map((u) => ({ name: u.name, soft: u.softLimit, hard: u.hardLimit })),
    privileged: def.privileged,
    readonlyRootfs: def.readonlyRootFilesystem,
    dnsServers: def.dnsServers,
    dnsSearchDomains: def.dnsSearchDomains,
    extraHosts: def.extraHosts?.map((h) => ({ hostname: h.hostname, ipAddress: h.ipAddress })),
    securityOpt: def.dockerSecurityOptions,
    sysctls: def.systemControls?.length ? sysctlsOf(def) : undefined,
    stopTimeoutSeconds: def.stopTimeout,
    interactive: def.interactive,
    pseudoTerminal: def.pseudoTerminal,
    logging: loggingOf(def.logConfiguration),
  }) as Omit<ContainerSpec, 'labels'>
}

function sysctlsOf(def: ContainerDefinition): Record<string, string> {
  const out: Record<string, string> = {}
  for (const s of def.systemControls ?? []) if (s.namespace) out[s.namespace] = s.value ?? ''
  return out
}

/** The object without its undefined members (exactOptionalPropertyTypes: absent, not undefined). */
export type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> }

export function dropUndefined<T extends Record<string, unknown>>(o: T): Defined<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Defined<T>
}
