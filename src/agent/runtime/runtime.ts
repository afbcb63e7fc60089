import type {
  ContainerId,
  ContainerObservation,
  ContainerStats,
  ContainerSummary,
  ImageSummary,
  LogLine,
  RuntimeEvent,
  VolumeSummary,
} from './observation.js'
import type { ContainerSpec, RegistryAuth, VolumeSpec } from './spec.js'

/**
 * The agent's only way to touch containers: eight verbs, Docker-shaped but not Docker-bound.
 * `docker/` implements it on a real engine, `fake/` in memory for decision-code tests; both
 * pass `runRuntimeContract`. Optional features are separate small interfaces below.
 *
 * Every method is safe to call again with the same arguments after a crash or a lost
 * answer (level-triggered reconcile depends on it): `remove` of a missing container and
 * `stop` of a stopped one succeed, `inspect` of a missing one answers `undefined`.
 * Failures are `RuntimeError`s (pulls: `ImagePullError`).
 */
export interface ContainerRuntime {
  /** Makes `image` present locally according to `policy`; says where it came from. */
  pull(image: string, options: PullOptions): Promise<PullResult>
  /** Creates a container (not started); its ports and health are known once it starts. */
  create(spec: ContainerSpec): Promise<ContainerId>
  /** Starts a created or stopped container; a running one is left alone. */
  start(id: ContainerId): Promise<void>
  /**
   * Sends `signal` (the container's stop signal when absent), waits up to `timeoutMs` for it
   * to exit, then kills it; resolves once it is no longer running.
   */
  stop(id: ContainerId, options: { timeoutMs: number; signal?: string }): Promise<void>
  /** `force` kills a running one first; `volumes` also removes its anonymous volumes. */
  remove(id: ContainerId, options: { force: boolean; volumes?: boolean }): Promise<void>
  inspect(id: ContainerId): Promise<ContainerObservation | undefined>
  /** All containers, running or not, whose labels include every pair in `labels`. */
  list(filter: { labels: Record<string, string> }): Promise<ContainerSummary[]>
  /** Container events from now on, optionally only for containers with these labels. */
  events(options: { signal: AbortSignal; labels?: Record<string, string> }): RuntimeEventStream
}

/**
 * ECS_IMAGE_PULL_BEHAVIOR at the runtime's level (the agent implements `once` on top, since
 * only it remembers what it pulled before):
 * - `default`: pull; when the pull fails and the image is present, use the cached one
 * - `always`: pull; a failed pull fails
 * - `prefer-cached`: pull only when the image is not present
 */
export type PullPolicy = 'default' | 'always' | 'prefer-cached'

export interface PullOptions {
  policy: PullPolicy
  auth?: RegistryAuth
  signal?: AbortSignal
}

export interface PullResult {
  /** The local image's content id. */
  imageId: string
  /** `registry` when a pull succeeded, `cache` when the local image was used. */
  source: 'registry' | 'cache'
  /** Under `default`, the pull failure that made the runtime fall back to the cache. */
  fallbackFrom?: Error
}

/**
 * The event stream ends quietly when its signal aborts, and throws when the engine drops it:
 * the caller then lists and inspects everything again (events are hints, not the truth).
 */
export interface RuntimeEventStream extends AsyncIterable<RuntimeEvent> {
  /** Resolves once events are flowing: whatever happens after it resolves is delivered. */
  readonly ready: Promise<void>
}

/** Cumulative CPU, memory, network and block I/O counters (the agent samples them). */
export interface StatsRuntime {
  /**
   * One sample; `undefined` when the container is missing or not running. Docker answers at
   * its next collection tick, so a call can take up to a second: sample containers in parallel.
   */
  stats(id: ContainerId): Promise<ContainerStats | undefined>
}

/** A container's stdout and stderr as timestamped lines (the agent ships them to the server). */
export interface LogsRuntime {
  /**
   * Lines written since `sinceMs` (all of them when absent); with `follow`, goes on until the
   * container stops or the signal aborts, then ends.
   */
  logs(id: ContainerId, options: { follow: boolean; sinceMs?: number; signal?: AbortSignal }): AsyncIterable<LogLine>
}

/** Named volumes the agent provisions itself (ECS `dockerVolumeConfiguration`). */
export interface VolumeRuntime {
  /** Creates the volume; one that already exists with that name is left as it is. */
  createVolume(spec: VolumeSpec): Promise<void>
  /** A missing volume is not an error; one in use is. */
  removeVolume(name: string): Promise<void>
  listVolumes(filter: { labels: Record<string, string> }): Promise<VolumeSummary[]>
}

/** What the agent registers its host with (ECS `versionInfo`, registered resources). */
export interface EngineInfo {
  /** e.g. `docker`. */
  engine: string
  version: string
  apiVersion: string
  cpus: number
  memoryBytes: number
  os: string
  arch: string
}

/**
 * Local images the agent builds itself (the awsvpc network holder, `berth/pause`), with no
 * registry: look one up, or make one from a root file system as `docker import` does.
 */
export interface ImageRuntime {
  /** The local image, or undefined when it is absent. */
  inspectImage(ref: string): Promise<ImageSummary | undefined>
  /**
   * Makes `ref` from a tar of a root file system; `changes` are Dockerfile instructions
   * (`CMD [...]`, `ENV K=V`, `LABEL k=v`). Returns the new image's id. Importing again replaces the tag.
   */
  importImage(ref: string, rootfsTar: Uint8Array, options?: { changes?: readonly string[] }): Promise<string>
}

export interface InfoRuntime {
  info(): Promise<EngineInfo>
}

const hasMethod = (rt: object, name: string): boolean => typeof (rt as Record<string, unknown>)[name] === 'function'

export const hasStats = <R extends ContainerRuntime>(rt: R): rt is R & StatsRuntime => hasMethod(rt, 'stats')
export const hasLogs = <R extends ContainerRuntime>(rt: R): rt is R & LogsRuntime => hasMethod(rt, 'logs')
export const hasVolumes = <R extends ContainerRuntime>(rt: R): rt is R & VolumeRuntime => hasMethod(rt, 'createVolume')
export const hasImages = <R extends ContainerRuntime>(rt: R): rt is R & ImageRuntime => hasMethod(rt, 'importImage')
export const hasInfo = <R extends ContainerRuntime>(rt: R): rt is R & InfoRuntime => hasMethod(rt, 'info')
