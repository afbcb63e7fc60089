import type { NetworkMode, Protocol } from './spec.js'

/** The engine's own container states, as Docker names them. */
export const CONTAINER_STATES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'] as const
export type ContainerState = (typeof CONTAINER_STATES)[number]

export type HealthStatus = 'starting' | 'healthy' | 'unhealthy'

export type ContainerId = string

/**
 * What the runtime saw of one container when asked: the agent's only source of "known"
 * status. Times are epoch milliseconds.
 */
export interface ContainerObservation {
  id: ContainerId
  name: string
  /** The reference it was created from, as given. */
  image: string
  /** The image's content id (`sha256:...`), as ECS reports `imageDigest`-like facts. */
  imageId: string
  labels: Record<string, string>
  state: ContainerState
  /** Set once the container has run and stopped (state exited or dead). */
  exitCode?: number
  /** The kernel's OOM killer ended it (a hard memory limit was reached). */
  oomKilled: boolean
  /** Why the engine could not start or run it, e.g. an executable not found. */
  error?: string
  createdAt: number
  startedAt?: number
  finishedAt?: number
  /** Present when the container has a health check. */
  health?: { status: HealthStatus; failingStreak: number; lastOutput?: string }
  /** The host bindings the engine made, dynamic host ports resolved; empty until started. */
  ports: ActualPortBinding[]
  /** What the engine applied, read back. */
  resources: { memoryMiB?: number; memoryReservationMiB?: number; cpuShares?: number }
  networkMode: NetworkMode | string
  /** The container's address on its (first) Docker network, when it has one; gone once it stops. */
  ipAddress?: string
  /** Its interface's MAC address on that network, lower-case and colon-separated. */
  macAddress?: string
  pid?: number
}

export interface ActualPortBinding {
  containerPort: number
  protocol: Protocol
  hostIp: string
  hostPort: number
}

/** One row of `list`: enough to find and adopt containers by their labels. */
export interface ContainerSummary {
  id: ContainerId
  name: string
  image: string
  labels: Record<string, string>
  state: ContainerState
  createdAt: number
}

export const RUNTIME_EVENT_TYPES = [
  'create',
  'start',
  'die',
  'oom',
  'kill',
  'stop',
  'destroy',
  'health_status',
  'pause',
  'unpause',
  'restart',
] as const
export type RuntimeEventType = (typeof RUNTIME_EVENT_TYPES)[number]

/**
 * Something happened to a container. Events are hints that wake the agent early; they can be
 * lost (a stream that drops), so the agent always re-inspects before it decides.
 */
export interface RuntimeEvent {
  type: RuntimeEventType
  id: ContainerId
  /** Epoch milliseconds, from the engine's clock. */
  time: number
  /** Container name, when the engine says. */
  name?: string
  /** On `die`. */
  exitCode?: number
  /** On `kill`: the signal sent, by name (`SIGTERM`). */
  signal?: string
  /** On `health_status`. */
  health?: HealthStatus
}

/**
 * One sample of a container's counters. CPU counters are cumulative: utilization is the
 * difference between two samples, `Δcontainer / Δsystem × onlineCpus`.
 */
export interface ContainerStats {
  /** When the engine read them, epoch milliseconds. */
  time: number
  cpuTotalNs: number
  /** Host CPU time over all cores (the denominator); 0 when the engine does not report it. */
  systemCpuNs: number
  onlineCpus: number
  /** Working set: usage less inactive file cache, as `docker stats` shows. */
  memoryUsedBytes: number
  memoryLimitBytes: number
  networkRxBytes: number
  networkTxBytes: number
  blockReadBytes: number
  blockWriteBytes: number
}

export interface LogLine {
  stream: 'stdout' | 'stderr'
  /** Epoch milliseconds, stamped by the engine when the line was written. */
  time: number
  /** The line without its newline. */
  text: string
}

export interface VolumeSummary {
  name: string
  driver: string
  labels: Record<string, string>
}

/** A local image, as the agent looks one up before building or using it. */
export interface ImageSummary {
  /** The image's content id (`sha256:...`). */
  id: string
  labels: Record<string, string>
}
