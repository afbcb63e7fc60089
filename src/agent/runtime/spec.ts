/**
 * What the agent asks a runtime to create: everything an ECS container definition (and the
 * task-level settings that reach one container) maps to on Docker. Units are in the names:
 * memory in MiB as ECS counts it, durations in milliseconds, stop timeout in seconds as
 * Docker and ECS both count it. Optional fields left out keep the engine's default.
 */
export interface ContainerSpec {
  /** The container's name on the engine; the engine picks one when absent. Must be unique. */
  name?: string
  /** An image reference: `repo[:tag]`, `host[:port]/repo[:tag]` or `repo@sha256:...`. */
  image: string
  /** Docker labels. The agent finds its containers again by these (adoption after restart). */
  labels: Record<string, string>
  env?: Record<string, string>
  /** Replaces the image's CMD. */
  cmd?: readonly string[]
  /** Replaces the image's ENTRYPOINT. */
  entrypoint?: readonly string[]
  workingDir?: string
  /** `user`, `uid`, `user:group` or `uid:gid`. */
  user?: string
  hostname?: string
  /** ECS `cpu` units map to CPU shares one to one (1024 units = one core's weight). */
  cpuShares?: number
  /** The hard limit (ECS `memory`): the kernel kills the container above it. */
  memoryMiB?: number
  /** The soft limit (ECS `memoryReservation`). */
  memoryReservationMiB?: number
  /** ECS `linuxParameters.maxSwap`: swap allowed on top of `memoryMiB`; 0 = none. */
  maxSwapMiB?: number
  /** ECS `linuxParameters.swappiness`, 0..100. */
  swappiness?: number
  ports?: readonly PortBinding[]
  /** Host paths and named Docker volumes mounted into the container. */
  mounts?: readonly MountSpec[]
  volumesFrom?: readonly { container: string; readOnly?: boolean }[]
  /** Legacy bridge links: `container` is a name or id, `alias` the name seen inside. */
  links?: readonly { container: string; alias?: string }[]
  networkMode?: NetworkMode
  /** Host name → address entries added to /etc/hosts. */
  extraHosts?: readonly { hostname: string; ipAddress: string }[]
  dnsServers?: readonly string[]
  dnsSearchDomains?: readonly string[]
  /** ECS `disableNetworking`. */
  disableNetworking?: boolean
  healthCheck?: HealthCheckSpec
  ulimits?: readonly Ulimit[]
  privileged?: boolean
  readonlyRootfs?: boolean
  /** Capability names as Docker takes them (`NET_ADMIN`, `SYS_PTRACE`, ...). */
  capAdd?: readonly string[]
  capDrop?: readonly string[]
  devices?: readonly DeviceSpec[]
  /** Runs an init process as PID 1 that forwards signals and reaps zombies. */
  init?: boolean
  sharedMemoryMiB?: number
  tmpfs?: readonly TmpfsSpec[]
  /** ECS `systemControls`. */
  sysctls?: Record<string, string>
  /** ECS `dockerSecurityOptions`, e.g. `no-new-privileges`, `apparmor:PROFILE`. */
  securityOpt?: readonly string[]
  /** `host` or `none` (ECS `pidMode`/`ipcMode` at task level); `container:<id>` shares one. */
  pidMode?: string
  ipcMode?: string
  /** Seconds between the stop signal and SIGKILL when the engine stops it on its own. */
  stopTimeoutSeconds?: number
  /** The signal that stops it (the image's STOPSIGNAL or SIGTERM when absent). */
  stopSignal?: string
  /** ECS `interactive` (keep stdin open) and `pseudoTerminal` (allocate a TTY). */
  interactive?: boolean
  pseudoTerminal?: boolean
  logging?: LoggingSpec
}

export type Protocol = 'tcp' | 'udp'

export interface PortBinding {
  containerPort: number
  /** 0 asks the engine for a free port in the ephemeral range; observations report it. */
  hostPort: number
  /** The host address to bind; all addresses when absent. */
  hostIp?: string
  protocol: Protocol
}

/** Docker's network modes as ECS task definitions name them (awsvpc is not a Docker mode). */
export type NetworkMode = 'bridge' | 'host' | 'none' | `container:${string}`

export type MountSpec =
  /** A host path; the engine creates it when missing, as ECS host volumes expect. */
  | { kind: 'bind'; source: string; target: string; readOnly?: boolean }
  /** A named volume; the engine creates it with the default driver when missing. */
  | { kind: 'volume'; source: string; target: string; readOnly?: boolean }

export interface HealthCheckSpec {
  /** As ECS and Docker take it: `['CMD', exe, ...args]`, `['CMD-SHELL', 'script']` or `['NONE']`. */
  test: readonly string[]
  intervalMs?: number
  timeoutMs?: number
  startPeriodMs?: number
  retries?: number
}

export interface Ulimit {
  name: string
  soft: number
  hard: number
}

export interface DeviceSpec {
  hostPath: string
  /** Same as `hostPath` when absent. */
  containerPath?: string
  permissions?: readonly ('read' | 'write' | 'mknod')[]
}

export interface TmpfsSpec {
  containerPath: string
  sizeMiB: number
  /** Mount options as `mount -o` takes them: `noexec`, `mode=1777`, ... */
  mountOptions?: readonly string[]
}

export interface LoggingSpec {
  /** A Docker log driver: `json-file`, `local`, `awslogs`, `none`, ... */
  driver: string
  options?: Record<string, string>
}

/** Registry credentials for one pull (ECS `repositoryCredentials`, resolved by the agent). */
export type RegistryAuth =
  | { username: string; password: string; serverAddress?: string }
  | { identityToken: string; serverAddress?: string }

/** A Docker volume the agent creates itself (ECS `dockerVolumeConfiguration`). */
export interface VolumeSpec {
  name: string
  /** `local` when absent. */
  driver?: string
  driverOpts?: Record<string, string>
  labels: Record<string, string>
}
