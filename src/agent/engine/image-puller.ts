import { ImagePullError } from '../runtime/errors.js'
import { normalizeImageRef } from '../runtime/image-ref.js'
import type { ContainerRuntime, PullPolicy, PullResult } from '../runtime/runtime.js'
import type { RegistryAuth } from '../runtime/spec.js'
import { ensurePauseImage } from './pause-image.js'

/**
 * ECS_IMAGE_PULL_BEHAVIOR: the runtime's three policies, plus ECS's `once` — pull only the
 * first time this agent sees the image, use the cached one afterwards. The agent remembers
 * what it pulled in memory only: after a restart it pulls each image once more.
 */
export type ImagePullBehavior = PullPolicy | 'once'

/**
 * A pull that has not finished in this long is given up (and retried like any unreachable
 * registry): where a registry's name resolves to nowhere, a pull could otherwise hang for as
 * long as the engine's own timeouts allow, and its task would sit PENDING all that time.
 */
export const PULL_TIMEOUT_MS = 2 * 60 * 1000

/** Pulls for every task of the engine: one pull per image at a time, shared by the tasks that wait for it. */
export class ImagePuller {
  readonly #pulledOnce = new Set<string>()
  readonly #inFlight = new Map<string, Promise<PullResult>>()
  #pause: Promise<string> | undefined

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly behavior: ImagePullBehavior,
    private readonly busyboxPath: string | undefined,
    private readonly timeoutMs = PULL_TIMEOUT_MS,
  ) {}

  /** `auth`: a container's repositoryCredentials; pulls with other credentials (or none) are not shared. */
  pull(image: string, auth?: RegistryAuth): Promise<PullResult> {
    const ref = normalizeImageRef(image)
    const policy: PullPolicy = this.behavior !== 'once' ? this.behavior : this.#pulledOnce.has(ref) ? 'prefer-cached' : 'always'
    const key = `${policy} ${ref} ${auth ? JSON.stringify(auth) : ''}`
    const running = this.#inFlight.get(key)
    if (running) return running
    const signal = AbortSignal.timeout(this.timeoutMs)
    const pulling = this.runtime.pull(image, { policy, signal, ...(auth ? { auth } : {}) }).then(
      (r) => {
        this.#pulledOnce.add(ref)
        return r
      },
      (e: unknown) => {
        if (!signal.aborted) throw e
        throw new ImagePullError(image, 'unreachable', `no answer from the registry in ${Math.round(this.timeoutMs / 1000)} s`, { cause: e })
      },
    )
    this.#inFlight.set(key, pulling)
    const forget = () => this.#inFlight.delete(key)
    pulling.then(forget, forget)
    return pulling
  }

  /** The holder's image, built once per engine (again after a failure). */
  pauseImage(): Promise<string> {
    this.#pause ??= ensurePauseImage(this.runtime, this.busyboxPath).catch((e: unknown) => {
      this.#pause = undefined
      throw e
    })
    return this.#pause
  }
}
