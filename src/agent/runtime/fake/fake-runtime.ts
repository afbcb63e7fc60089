import { createHash } from 'node:crypto'
import { systemClock, type Clock } from '../../../core/clock.js'
import { ImagePullError, RuntimeErrors, type PullFailureKind } from '../errors.js'
import { isValidImageRef, normalizeImageRef } from '../image-ref.js'
import type {
  ActualPortBinding,
  ContainerId,
  ContainerObservation,
  ContainerState,
  ContainerStats,
  ContainerSummary,
  HealthStatus,
  ImageSummary,
  LogLine,
  RuntimeEvent,
  VolumeSummary,
} from '../observation.js'
import type {
  ContainerRuntime,
  EngineInfo,
  ImageRuntime,
  InfoRuntime,
  LogsRuntime,
  PullOptions,
  PullResult,
  RuntimeEventStream,
  StatsRuntime,
  VolumeRuntime,
} from '../runtime.js'
import { signalName, signalNumber } from '../signals.js'
import type { ContainerSpec, VolumeSpec } from '../spec.js'
import { EventHub } from './event-hub.js'
import { FakePortAllocator } from './ports.js'

/** How a fake image's process behaves once started. */
export interface FakeImage {
  /** Exits with this code as soon as it starts. */
  exitOnStart?: number
  /** Exit code when stopped by its stop signal; 128 + the signal's number when absent. */
  stopExitCode?: number
  /** Ignores its stop signal: `stop` kills it after the timeout (exit code 137). */
  ignoresStopSignal?: boolean
  /** The health it reports once started, when its container has a health check. */
  health?: HealthStatus
  /** Lines it writes as it starts. */
  output?: readonly { stream: LogLine['stream']; text: string }[]
}

/** A behaviour, or one read from the container's spec (its env, its command) as a real program would. */
export type FakeImageBehaviour = FakeImage | ((spec: ContainerSpec) => FakeImage)

export type FakeOp =
  | 'pull' | 'create' | 'start' | 'stop' | 'remove' | 'inspect' | 'list' | 'events'
  | 'stats' | 'logs' | 'createVolume' | 'removeVolume' | 'listVolumes' | 'info'
  | 'inspectImage' | 'importImage'

/** One call the fake received, with its arguments as given. */
export interface FakeCall {
  op: FakeOp
  args: readonly unknown[]
}

export interface FakeRuntimeOptions {
  clock?: Clock
  /** Images present from the start. */
  localImages?: readonly string[]
  /** What a pull can fetch; every valid reference when absent. */
  registry?: readonly string[]
  /** Behaviours by image reference; an image with none runs until stopped. */
  images?: Record<string, FakeImageBehaviour>
  portRange?: readonly [number, number]
  info?: Partial<EngineInfo>
}

interface FakeContainer {
  id: ContainerId
  name: string
  spec: ContainerSpec
  image: string
  state: ContainerState
  exitCode?: number
  oomKilled: boolean
  createdAt: number
  startedAt?: number
  finishedAt?: number
  health?: HealthStatus
  ports: ActualPortBinding[]
  /** While running on the bridge network: its address (172.17.0.<n+1>) and MAC, as Docker derives one from the other. */
  address?: { ip: string; mac: string }
  logs: LogLine[]
  stats?: Partial<ContainerStats>
}

/** Docker's default bridge: 172.17.0.<host>, MAC 02:42 followed by the address's bytes. */
function bridgeAddress(host: number): { ip: string; mac: string } {
  const bytes = [172, 17, Math.floor(host / 256) % 256, host % 256]
  return { ip: bytes.join('.'), mac: ['02', '42', ...bytes.map((b) => b.toString(16).padStart(2, '0'))].join(':') }
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex')

/**
 * An in-memory ContainerRuntime for tests of decision code. It keeps containers, images,
 * ports and volumes as the engine would, records every call (`calls`), and lets a test act
 * as the world: make a container exit or turn unhealthy, fail a pull, fail any next call.
 */
export class FakeRuntime implements ContainerRuntime, StatsRuntime, LogsRuntime, VolumeRuntime, ImageRuntime, InfoRuntime {
  readonly calls: FakeCall[] = []
  readonly #clock: Clock
  readonly #local = new Set<string>()
  /** Labels of imported images (`LABEL k=v` changes). */
  readonly #imageLabels = new Map<string, Record<string, string>>()
  readonly #registry: Set<string> | undefined
  readonly #images = new Map<string, FakeImageBehaviour>()
  readonly #pullFailures = new Map<string, PullFailureKind>()
  readonly #failures = new Map<FakeOp, Error[]>()
  readonly #containers = new Map<ContainerId, FakeContainer>()
  readonly #volumes = new Map<string, VolumeSummary>()
  readonly #hub = new EventHub()
  readonly #ports: FakePortAllocator
  readonly #logWaiters = new Set<() => void>()
  readonly #info: EngineInfo
  #created = 0

  constructor(options: FakeRuntimeOptions = {}) {
    this.#clock = options.clock ?? systemClock
    for (const image of options.localImages ?? []) this.#local.add(normalizeImageRef(image))
    this.#registry = options.registry && new Set(options.registry.map(normalizeImageRef))
    for (const [image, behaviour] of Object.entries(options.images ?? {})) this.defineImage(image, behaviour)
    this.#ports = new FakePortAllocator(options.portRange)
    this.#info = { engine: 'fake', version: '0.0.0', apiVersion: '0', cpus: 2, memoryBytes: 4 * 1024 ** 3, os: 'linux', arch: 'x86_64', ...options.info }
  }

  // ---- what a test does to the world ----

  /** Gives `image` a behaviour; it becomes present locally. */
  defineImage(image: string, behaviour: FakeImageBehaviour): void {
    this.#images.set(normalizeImageRef(image), behaviour)
    this.#local.add(normalizeImageRef(image))
  }

  /** Makes every pull of `image` fail this way until `clearPullFailure`. */
  failPull(image: string, kind: PullFailureKind): void {
    this.#pullFailures.set(normalizeImageRef(image), kind)
  }

  clearPullFailure(image: string): void {
    this.#pullFailures.delete(normalizeImageRef(image))
  }

  removeImage(image: string): void {
    this.#local.delete(normalizeImageRef(image))
  }

  hasImage(image: string): boolean {
    return this.#local.has(normalizeImageRef(image))
  }

  /** The next call of `op` throws `error` (queued: several calls fail in order). */
  failNext(op: FakeOp, error: Error): void {
    this.#failures.set(op, [...(this.#failures.get(op) ?? []), error])
  }

  /** The process ends on its own with `code` (an OOM kill when `oomKilled`, as the kernel does: 137). */
  exit(id: ContainerId, code: number, options: { oomKilled?: boolean } = {}): void {
    const c = this.#mustFind(id)
    if (c.state !== 'running') throw new Error(`fake: ${id} is ${c.state}, not running`)
    if (options.oomKilled) {
      c.oomKilled = true
      this.#emit(c, { type: 'oom' })
    }
    this.#finish(c, code)
  }

  /** The health check's verdict changes; `health_status` events fire for healthy and unhealthy. */
  setHealth(id: ContainerId, status: HealthStatus): void {
    const c = this.#mustFind(id)
    if (c.health === status) return
    c.health = status
    if (status !== 'starting') this.#emit(c, { type: 'health_status', health: status })
  }

  /** The process writes a line. */
  writeLog(id: ContainerId, stream: LogLine['stream'], text: string): void {
    this.#mustFind(id).logs.push({ stream, time: this.#clock.now(), text })
    this.#wakeLogs()
  }

  setStats(id: ContainerId, stats: Partial<ContainerStats>): void {
    this.#mustFind(id).stats = stats
  }

  /** The calls of one kind, in order. */
  callsOf(op: FakeOp): FakeCall[] {
    return this.calls.filter((c) => c.op === op)
  }

  /** Every container, as `inspect` sees it. */
  containers(): ContainerObservation[] {
    return [...this.#containers.values()].map((c) => this.#observe(c))
  }

  // ---- ContainerRuntime ----

  async pull(image: string, options: PullOptions): Promise<PullResult> {
    this.#record('pull', image, options)
    if (!isValidImageRef(image)) throw new ImagePullError(image, 'invalid-reference', 'invalid reference format')
    const ref = normalizeImageRef(image)
    const imageId = `sha256:${sha(ref)}`
    if (options.policy === 'prefer-cached' && this.#local.has(ref)) return { imageId, source: 'cache' }
    const kind = this.#pullFailures.get(ref) ?? (this.#registry && !this.#registry.has(ref) ? 'not-found' : undefined)
    if (kind) {
      const error = new ImagePullError(image, kind, `fake registry: ${kind}`)
      if (options.policy === 'default' && this.#local.has(ref)) return { imageId, source: 'cache', fallbackFrom: error }
      throw error
    }
    this.#local.add(ref)
    return { imageId, source: 'registry' }
  }

  async create(spec: ContainerSpec): Promise<ContainerId> {
    this.#record('create', spec)
    const image = normalizeImageRef(spec.image)
    if (!this.#local.has(image)) throw RuntimeErrors.refused('CannotCreateContainerError', `No such image: ${spec.image}`, true)
    const n = ++this.#created
    const name = spec.name ?? `fake_${n}`
    if ([...this.#containers.values()].some((c) => c.name === name)) {
      throw RuntimeErrors.refused('CannotCreateContainerError', `Conflict. The container name "/${name}" is already in use`, true)
    }
    for (const m of spec.mounts ?? []) {
      if (m.kind === 'volume' && !this.#volumes.has(m.source)) this.#volumes.set(m.source, { name: m.source, driver: 'local', labels: {} })
    }
    const c: FakeContainer = { id: sha(`fake-container-${n}`), name, spec, image, state: 'created', oomKilled: false, createdAt: this.#clock.now(), ports: [], logs: [] }
    this.#containers.set(c.id, c)
    this.#emit(c, { type: 'create' })
    return c.id
  }

  async start(id: ContainerId): Promise<void> {
    this.#record('start', id)
    const c = this.#find(id) ?? throwNotFound(id)
    if (c.state === 'running') return
    const inUse = [...this.#containers.values()].filter((o) => o.state === 'running').flatMap((o) => o.ports)
    c.ports = this.#ports.bind(c.spec.ports ?? [], inUse)
    if ((c.spec.networkMode ?? 'bridge') === 'bridge' && !c.spec.disableNetworking) c.address = bridgeAddress([...this.#containers.keys()].indexOf(c.id) + 2)
    Object.assign(c, { state: 'running', startedAt: this.#clock.now(), oomKilled: false })
    delete c.exitCode
    delete c.finishedAt
    const checked = c.spec.healthCheck && c.spec.healthCheck.test[0] !== 'NONE'
    if (checked) c.health = 'starting'
    this.#emit(c, { type: 'start' })
    const behaviour = this.#behaviour(c)
    for (const line of behaviour.output ?? []) this.writeLog(c.id, line.stream, line.text)
    if (behaviour.exitOnStart !== undefined) this.#finish(c, behaviour.exitOnStart)
    else if (checked && behaviour.health) this.setHealth(c.id, behaviour.health)
  }

  async stop(id: ContainerId, options: { timeoutMs: number; signal?: string }): Promise<void> {
    this.#record('stop', id, options)
    const c = this.#find(id) ?? throwNotFound(id)
    if (c.state !== 'running') return
    const signal = signalName(options.signal ?? c.spec.stopSignal ?? 'SIGTERM')
    this.#emit(c, { type: 'kill', signal })
    const behaviour = this.#behaviour(c)
    if (behaviour.ignoresStopSignal) {
      this.#emit(c, { type: 'kill', signal: 'SIGKILL' })
      this.#finish(c, 137)
    } else {
      this.#finish(c, behaviour.stopExitCode ?? 128 + (signalNumber(signal) ?? 15))
    }
    this.#emit(c, { type: 'stop' })
  }

  async remove(id: ContainerId, options: { force: boolean; volumes?: boolean }): Promise<void> {
    this.#record('remove', id, options)
    const c = this.#find(id)
    if (!c) return
    if (c.state === 'running') {
      if (!options.force) {
        throw RuntimeErrors.refused('CannotRemoveContainerError', `You cannot remove a running container ${c.id}. Stop the container before attempting removal or force remove`, false)
      }
      this.#emit(c, { type: 'kill', signal: 'SIGKILL' })
      this.#finish(c, 137)
    }
    this.#containers.delete(c.id)
    this.#emit(c, { type: 'destroy' })
    this.#wakeLogs()
  }

  async inspect(id: ContainerId): Promise<ContainerObservation | undefined> {
    this.#record('inspect', id)
    const c = this.#find(id)
    return c && this.#observe(c)
  }

  async list(filter: { labels: Record<string, string> }): Promise<ContainerSummary[]> {
    this.#record('list', filter)
    return [...this.#containers.values()]
      .filter((c) => matches(c.spec.labels, filter.labels))
      .map((c) => ({ id: c.id, name: c.name, image: c.spec.image, labels: { ...c.spec.labels }, state: c.state, createdAt: c.createdAt }))
  }

  events(options: { signal: AbortSignal; labels?: Record<string, string> }): RuntimeEventStream {
    this.#record('events', options.labels ?? {})
    return this.#hub.subscribe(options.signal, options.labels ?? {})
  }

  // ---- capabilities ----

  async stats(id: ContainerId): Promise<ContainerStats | undefined> {
    this.#record('stats', id)
    const c = this.#find(id)
    if (!c || c.state !== 'running') return undefined
    const limit = c.spec.memoryMiB ? c.spec.memoryMiB * 1024 * 1024 : this.#info.memoryBytes
    const zero = { cpuTotalNs: 0, systemCpuNs: 0, memoryUsedBytes: 0, networkRxBytes: 0, networkTxBytes: 0, blockReadBytes: 0, blockWriteBytes: 0 }
    return { ...zero, time: this.#clock.now(), onlineCpus: this.#info.cpus, memoryLimitBytes: limit, ...c.stats }
  }

  async *logs(id: ContainerId, options: { follow: boolean; sinceMs?: number; signal?: AbortSignal }): AsyncGenerator<LogLine> {
    this.#record('logs', id, options)
    const c = this.#find(id) ?? throwNotFound(id)
    let next = 0
    for (;;) {
      for (; next < c.logs.length; next++) {
        const line = c.logs[next] as LogLine
        if (options.sinceMs === undefined || line.time >= options.sinceMs) yield line
      }
      if (!options.follow || c.state !== 'running' || !this.#containers.has(c.id) || options.signal?.aborted) return
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#logWaiters.delete(wake)
          options.signal?.removeEventListener('abort', wake)
          resolve()
        }
        this.#logWaiters.add(wake)
        options.signal?.addEventListener('abort', wake, { once: true })
      })
    }
  }

  async createVolume(spec: VolumeSpec): Promise<void> {
    this.#record('createVolume', spec)
    if (!this.#volumes.has(spec.name)) this.#volumes.set(spec.name, { name: spec.name, driver: spec.driver ?? 'local', labels: { ...spec.labels } })
  }

  async removeVolume(name: string): Promise<void> {
    this.#record('removeVolume', name)
    const users = [...this.#containers.values()].filter((c) => c.spec.mounts?.some((m) => m.kind === 'volume' && m.source === name))
    if (users.length) throw RuntimeErrors.refused('CannotRemoveVolumeError', `remove ${name}: volume is in use - [${users.map((c) => c.id).join(', ')}]`, false)
    this.#volumes.delete(name)
  }

  async listVolumes(filter: { labels: Record<string, string> }): Promise<VolumeSummary[]> {
    this.#record('listVolumes', filter)
    return [...this.#volumes.values()].filter((v) => matches(v.labels, filter.labels)).map((v) => ({ ...v, labels: { ...v.labels } }))
  }

  async inspectImage(ref: string): Promise<ImageSummary | undefined> {
    this.#record('inspectImage', ref)
    const image = normalizeImageRef(ref)
    return this.#local.has(image) ? { id: `sha256:${sha(image)}`, labels: { ...this.#imageLabels.get(image) } } : undefined
  }

  async importImage(ref: string, rootfsTar: Uint8Array, options: { changes?: readonly string[] } = {}): Promise<string> {
    this.#record('importImage', ref, { bytes: rootfsTar.length, changes: options.changes ?? [] })
    const image = normalizeImageRef(ref)
    const labels: Record<string, string> = {}
    for (const change of options.changes ?? []) {
      const m = /^LABEL\s+([^=\s]+)=(.*)$/.exec(change)
      if (m) labels[m[1] as string] = m[2] as string
    }
    this.#local.add(image)
    this.#imageLabels.set(image, labels)
    return `sha256:${sha(image)}`
  }

  async info(): Promise<EngineInfo> {
    this.#record('info')
    return { ...this.#info }
  }

  // ---- internals ----

  #record(op: FakeOp, ...args: unknown[]): void {
    this.calls.push({ op, args })
    const queued = this.#failures.get(op)
    const error = queued?.shift()
    if (error) throw error
  }

  #behaviour(c: FakeContainer): FakeImage {
    const b = this.#images.get(c.image) ?? {}
    return typeof b === 'function' ? b(c.spec) : b
  }

  #find(id: ContainerId): FakeContainer | undefined {
    const exact = this.#containers.get(id)
    if (exact) return exact
    const all = [...this.#containers.values()]
    const byName = all.find((c) => c.name === id.replace(/^\//, ''))
    if (byName) return byName
    const byPrefix = id ? all.filter((c) => c.id.startsWith(id)) : []
    return byPrefix.length === 1 ? byPrefix[0] : undefined
  }

  #mustFind(id: ContainerId): FakeContainer {
    const c = this.#find(id)
    if (!c) throw new Error(`fake: no container ${id}`)
    return c
  }

  #finish(c: FakeContainer, exitCode: number): void {
    Object.assign(c, { state: 'exited', exitCode, finishedAt: this.#clock.now(), ports: [] })
    delete c.address
    this.#emit(c, { type: 'die', exitCode })
    this.#wakeLogs()
  }

  #emit(c: FakeContainer, event: Omit<RuntimeEvent, 'id' | 'time' | 'name'>): void {
    this.#hub.publish({ ...event, id: c.id, name: c.name, time: this.#clock.now() }, c.spec.labels)
  }

  #wakeLogs(): void {
    for (const wake of [...this.#logWaiters]) wake()
  }

  #observe(c: FakeContainer): ContainerObservation {
    const s = c.spec
    return {
      id: c.id,
      name: c.name,
      image: s.image,
      imageId: `sha256:${sha(c.image)}`,
      labels: { ...s.labels },
      state: c.state,
      ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
      oomKilled: c.oomKilled,
      createdAt: c.createdAt,
      ...(c.startedAt !== undefined ? { startedAt: c.startedAt } : {}),
      ...(c.finishedAt !== undefined ? { finishedAt: c.finishedAt } : {}),
      ...(c.health ? { health: { status: c.health, failingStreak: c.health === 'unhealthy' ? 1 : 0 } } : {}),
      ports: c.ports.map((p) => ({ ...p })),
      resources: {
        ...(s.memoryMiB !== undefined ? { memoryMiB: s.memoryMiB } : {}),
        ...(s.memoryReservationMiB !== undefined ? { memoryReservationMiB: s.memoryReservationMiB } : {}),
        ...(s.cpuShares !== undefined ? { cpuShares: s.cpuShares } : {}),
      },
      networkMode: s.networkMode ?? 'bridge',
      ...(c.address ? { ipAddress: c.address.ip, macAddress: c.address.mac } : {}),
    }
  }
}

const matches = (labels: Record<string, string>, want: Record<string, string>) => Object.entries(want).every(([k, v]) => labels[k] === v)

function throwNotFound(id: string): never {
  throw RuntimeErrors.notFound(id)
}
