import { Readable } from 'node:stream'
import { ImagePullError, isImagePullError, RuntimeError, RuntimeErrors, type RuntimeErrorCode } from '../errors.js'
import { parseImageRef } from '../image-ref.js'
import type { ContainerId, ContainerObservation, ContainerStats, ContainerSummary, ImageSummary, LogLine, VolumeSummary } from '../observation.js'
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
import type { ContainerSpec, VolumeSpec } from '../spec.js'
import { EngineClient, type EngineJsonResponse } from './engine-client.js'
import { resolveEngineEndpoint, type EngineEndpoint } from './engine-endpoint.js'
import { dockerEvents } from './events.js'
import { toObservation, toStats, toSummary, toVolumeSummary } from './from-docker.js'
import { asArray, asNumber, asObject, asString, asStringRecord, asTime, engineMessage } from './json.js'
import { imagePath, pullImage } from './pull.js'
import { framesFromText, readFrames, readJsonLines, readLogLines } from './streams.js'
import { toCreateBody } from './to-docker.js'

export interface DockerRuntimeOptions {
  /** Where the engine answers; from DOCKER_HOST (or the default socket) when absent. */
  endpoint?: EngineEndpoint
  /** Per-request limit for calls that do not stream, in milliseconds (default 60 s). */
  requestTimeoutMs?: number
}

/** ContainerRuntime on a Docker Engine, through its HTTP API. */
export class DockerRuntime implements ContainerRuntime, StatsRuntime, LogsRuntime, VolumeRuntime, ImageRuntime, InfoRuntime {
  readonly client: EngineClient

  constructor(options: DockerRuntimeOptions = {}) {
    const endpoint = options.endpoint ?? resolveEngineEndpoint()
    this.client = new EngineClient(endpoint, options.requestTimeoutMs !== undefined ? { timeoutMs: options.requestTimeoutMs } : {})
  }

  /** Resolves when the engine answers; throws EngineUnreachable with the address and a hint otherwise. */
  async ping(): Promise<void> {
    await this.client.apiVersion()
  }

  async pull(image: string, { policy, auth, signal }: PullOptions): Promise<PullResult> {
    if (policy === 'prefer-cached') {
      const cached = await this.#imageId(image)
      if (cached) return { imageId: cached, source: 'cache' }
    }
    try {
      await pullImage(this.client, image, auth, signal)
    } catch (e) {
      const cached = policy === 'default' && isImagePullError(e) ? await this.#imageId(image) : undefined
      if (cached) return { imageId: cached, source: 'cache', fallbackFrom: e as Error }
      throw e
    }
    const imageId = await this.#imageId(image)
    if (!imageId) throw new ImagePullError(image, 'unknown', 'the engine reported a pull but has no such image')
    return { imageId, source: 'registry' }
  }

  async create(spec: ContainerSpec): Promise<ContainerId> {
    const res = await this.client.json('POST', '/containers/create', { query: { name: spec.name }, body: toCreateBody(spec) })
    if (res.status === 201) return asString(asObject(res.body)['Id']) ?? fail('CannotCreateContainerError', res)
    // 404: the image is not present (pull first); 409: the name is taken; 400: a bad spec.
    return fail('CannotCreateContainerError', res, res.status < 500)
  }

  async start(id: ContainerId): Promise<void> {
    const res = await this.client.json('POST', `/containers/${enc(id)}/start`)
    if (res.status === 204 || res.status === 304) return
    if (res.status === 404) throw RuntimeErrors.notFound(id)
    // A missing executable, a taken host port, a bad mount: starting again does not help.
    fail('CannotStartContainerError', res, true)
  }

  async stop(id: ContainerId, { timeoutMs, signal }: { timeoutMs: number; signal?: string }): Promise<void> {
    if (signal) return this.#signalThenKill(id, signal, timeoutMs)
    // The engine sends the container's stop signal, waits `t` whole seconds, then SIGKILL.
    const t = Math.ceil(timeoutMs / 1000)
    const res = await this.client.json('POST', `/containers/${enc(id)}/stop`, { query: { t }, timeoutMs: t * 1000 + 30_000 })
    if (res.status === 204 || res.status === 304) return
    if (res.status === 404) throw RuntimeErrors.notFound(id)
    fail('CannotStopContainerError', res)
  }

  async remove(id: ContainerId, { force, volumes }: { force: boolean; volumes?: boolean }): Promise<void> {
    const res = await this.client.json('DELETE', `/containers/${enc(id)}`, { query: { force, v: volumes ?? false } })
    if (res.status === 204 || res.status === 404) return
    // Someone else (the agent's cleanup, a test's) is removing it already: the engine answers
    // 409 "removal of container ... is already in progress". What was asked will be so once
    // that removal ends: wait for it, rather than fail a caller who wanted it gone.
    if (res.status === 409 && /already in progress/.test(JSON.stringify(res.body))) return this.#removed(id)
    fail('CannotRemoveContainerError', res)
  }

  /** Resolves once the engine no longer knows the container (it is being removed), within 30 s. */
  async #removed(id: ContainerId): Promise<void> {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      if ((await this.inspect(id)) === undefined) return
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new RuntimeError('CannotRemoveContainerError', `container ${id} was still being removed after 30 s`, { retryable: true, terminal: false })
  }

  async inspect(id: ContainerId): Promise<ContainerObservation | undefined> {
    const res = await this.client.json('GET', `/containers/${enc(id)}/json`)
    if (res.status === 404) return undefined
    if (res.status !== 200) fail('CannotInspectContainerError', res)
    return toObservation(res.body)
  }

  async list(filter: { labels: Record<string, string> }): Promise<ContainerSummary[]> {
    const res = await this.client.json('GET', '/containers/json', { query: { all: true, filters: labelFilters(filter.labels) } })
    if (res.status !== 200) fail('CannotListContainersError', res)
    return asArray(res.body).map(toSummary)
  }

  events(options: { signal: AbortSignal; labels?: Record<string, string> }): RuntimeEventStream {
    return dockerEvents(this.client, options.signal, options.labels ?? {})
  }

  async stats(id: ContainerId): Promise<ContainerStats | undefined> {
    const res = await this.client.json('GET', `/containers/${enc(id)}/stats`, { query: { stream: false, 'one-shot': true } })
    if (res.status === 404) return undefined
    if (res.status !== 200) fail('CannotInspectContainerError', res)
    // A container that is not running answers with zeroed counters and no read time.
    if (asTime(asObject(res.body)['read']) === undefined) return undefined
    return toStats(res.body)
  }

  /**
   * Docker's stats JSON as `GET /containers/<id>/stats?stream=false` returns it (with
   * precpu_stats: Docker waits for a second reading), for the task metadata endpoint's
   * `/stats`. `undefined` when the container is gone.
   */
  async rawStats(id: ContainerId): Promise<unknown> {
    const res = await this.client.json('GET', `/containers/${enc(id)}/stats`, { query: { stream: false } })
    if (res.status === 404) return undefined
    if (res.status !== 200) fail('CannotInspectContainerError', res)
    return res.body
  }

  async *logs(id: ContainerId, options: { follow: boolean; sinceMs?: number; signal?: AbortSignal }): AsyncGenerator<LogLine> {
    const info = await this.client.json('GET', `/containers/${enc(id)}/json`)
    if (info.status === 404) throw RuntimeErrors.notFound(id)
    const tty = asObject(asObject(info.body)['Config'])['Tty'] === true
    const since = options.sinceMs !== undefined ? (options.sinceMs / 1000).toFixed(3) : undefined
    const res = await this.client.stream('GET', `/containers/${enc(id)}/logs`, {
      query: { stdout: true, stderr: true, timestamps: true, follow: options.follow, since },
      signal: options.signal,
      timeoutMs: 10_000,
    })
    try {
      if (res.statusCode !== 200) throw RuntimeErrors.refused('CannotInspectContainerError', `logs of ${id}: HTTP ${res.statusCode}`, false)
      yield* readLogLines(tty ? framesFromText(res) : readFrames(res))
    } catch (e) {
      if (options.signal?.aborted) return
      throw e
    } finally {
      res.destroy()
    }
  }

  async createVolume(spec: VolumeSpec): Promise<void> {
    const body = { Name: spec.name, Driver: spec.driver ?? 'local', DriverOpts: spec.driverOpts ?? {}, Labels: spec.labels }
    const res = await this.client.json('POST', '/volumes/create', { body })
    if (res.status !== 201 && res.status !== 200) fail('CannotCreateVolumeError', res, res.status < 500)
  }

  async removeVolume(name: string): Promise<void> {
    const res = await this.client.json('DELETE', `/volumes/${enc(name)}`)
    if (res.status === 204 || res.status === 404) return
    fail('CannotRemoveVolumeError', res)
  }

  async listVolumes(filter: { labels: Record<string, string> }): Promise<VolumeSummary[]> {
    const res = await this.client.json('GET', '/volumes', { query: { filters: labelFilters(filter.labels) } })
    if (res.status !== 200) fail('CannotListContainersError', res)
    return asArray(asObject(res.body)['Volumes']).map(toVolumeSummary)
  }

  async inspectImage(ref: string): Promise<ImageSummary | undefined> {
    const res = await this.client.json('GET', `/images/${imagePath(ref)}/json`)
    if (res.status === 404) return undefined
    if (res.status !== 200) fail('CannotInspectContainerError', res)
    const o = asObject(res.body)
    return { id: asString(o['Id']) ?? '', labels: asStringRecord(asObject(o['Config'])['Labels']) }
  }

  async importImage(ref: string, rootfsTar: Uint8Array, options: { changes?: readonly string[] } = {}): Promise<string> {
    const { name, tag } = parseImageRef(ref)
    const res = await this.client.stream('POST', '/images/create', {
      query: { fromSrc: '-', repo: name, tag: tag ?? 'latest', changes: options.changes ?? [] },
      raw: { stream: Readable.from([Buffer.from(rootfsTar)]), contentType: 'application/x-tar' },
      timeoutMs: 60_000,
    })
    let error: string | undefined
    // Progress lines, an `{"error": ...}` line, or (on a refusal) one `{"message": ...}`.
    for await (const line of readJsonLines(res)) error ??= asString(asObject(line)['error']) ?? asString(asObject(line)['message'])
    if (res.statusCode !== 200 || error) {
      throw RuntimeErrors.refused('CannotImportImageError', `import ${ref}: ${error ?? `HTTP ${res.statusCode}`}`, (res.statusCode ?? 500) < 500)
    }
    const seen = await this.inspectImage(ref)
    if (!seen) throw RuntimeErrors.refused('CannotImportImageError', `import ${ref}: the engine reported an import but has no such image`, false)
    return seen.id
  }

  async info(): Promise<EngineInfo> {
    const res = await this.client.json('GET', '/info')
    const o = asObject(res.body)
    return {
      engine: 'docker',
      version: asString(o['ServerVersion']) ?? 'unknown',
      apiVersion: await this.client.apiVersion(),
      cpus: asNumber(o['NCPU']) ?? 0,
      memoryBytes: asNumber(o['MemTotal']) ?? 0,
      os: asString(o['OSType']) ?? 'linux',
      arch: asString(o['Architecture']) ?? 'unknown',
    }
  }

  /** Closes idle connections; open streams end on their own signals. */
  close(): void {
    this.client.close()
  }

  async #imageId(image: string): Promise<string | undefined> {
    const res = await this.client.json('GET', `/images/${imagePath(image)}/json`)
    return res.status === 200 ? asString(asObject(res.body)['Id']) : undefined
  }

  /** A custom stop signal: the engine's stop takes none before API 1.42, so kill, wait, kill. */
  async #signalThenKill(id: ContainerId, signal: string, timeoutMs: number): Promise<void> {
    const kill = async (sig: string): Promise<boolean> => {
      const res = await this.client.json('POST', `/containers/${enc(id)}/kill`, { query: { signal: sig } })
      if (res.status === 204) return true
      if (res.status === 404) throw RuntimeErrors.notFound(id)
      if (res.status === 409) return false // not running: nothing to stop
      return fail('CannotStopContainerError', res)
    }
    if (!(await kill(signal))) return
    if (await this.#waitNotRunning(id, timeoutMs)) return
    if (!(await kill('SIGKILL'))) return
    await this.#waitNotRunning(id, 30_000)
  }

  /** True once the container is not running; false when `timeoutMs` passed first. */
  async #waitNotRunning(id: ContainerId, timeoutMs: number): Promise<boolean> {
    try {
      const res = await this.client.json('POST', `/containers/${enc(id)}/wait`, { query: { condition: 'not-running' }, timeoutMs })
      return res.status === 200 || res.status === 404
    } catch (e) {
      if (e instanceof RuntimeError && e.code === 'RuntimeTimeout') return false
      throw e
    }
  }
}

const enc = encodeURIComponent

function labelFilters(labels: Record<string, string>): string {
  return JSON.stringify({ label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) })
}

/** Throws the engine's refusal as a RuntimeError; 5xx answers are retryable unless `terminal` says otherwise. */
function fail(code: RuntimeErrorCode, res: EngineJsonResponse, terminal = false): never {
  const message = engineMessage(res.body, typeof res.body === 'string' ? res.body : `HTTP ${res.status}`)
  throw RuntimeErrors.refused(code, message, terminal)
}
