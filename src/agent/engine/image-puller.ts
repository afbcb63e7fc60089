import { normalizeImageRef } from '../runtime/image-ref.js'
import type { ContainerRuntime, PullPolicy, PullResult } from '../runtime/runtime.js'
import { ensurePauseImage } from './pause-image.js'

/**
 * ECS_IMAGE_PULL_BEHAVIOR: the runtime's three policies, plus ECS's `once` — pull only the
 * first time this agent sees the image, use the cached one afterwards. The agent remembers
 * what it pulled in memory only: after a restart it pulls each image once more.
 */
export type ImagePullBehavior = PullPolicy | 'once'

/** Pulls for every task of the engine: one pull per image at a time, shared by the tasks that wait for it. */
export class ImagePuller {
  readonly #pulledOnce = new Set<string>()
  readonly #inFlight = new Map<string, Promise<PullResult>>()
  #pause: Promise<string> | undefined

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly behavior: ImagePullBehavior,
    private readonly busyboxPath: string | undefined,
  ) {}

  pull(image: string): Promise<PullResult> {
    const ref = normalizeImageRef(image)
    const policy: PullPolicy = this.behavior !== 'once' ? this.behavior : this.#pulledOnce.has(ref) ? 'prefer-cached' : 'always'
    const key = `${policy} ${ref}`
    const running = this.#inFlight.get(key)
    if (running) return running
    const pulling = this.runtime.pull(image, { policy }).then((r) => {
      this.#pulledOnce.add(ref)
      return r
    })
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
