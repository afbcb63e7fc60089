import type { LogBatch } from '../../core/agent-protocol.js'
import type { Clock } from '../../core/clock.js'
import type { Logger } from '../../core/log.js'
import { resolveAwslogs, type LogTarget } from './awslogs.js'
import { DEFAULT_BATCH_LIMITS } from './batch-builder.js'
import { ContainerFollower, type FollowerContext, type FollowerStatus, type LogSource } from './container-follower.js'
import { CursorStore } from './cursor-store.js'
import { MAX_EVENT_MESSAGE_BYTES } from './split-message.js'
import { EVENT_OVERHEAD_BYTES } from '../../core/model/log.js'

export interface LogShipperOptions {
  /** A runtime with the logs capability (`hasLogs`). */
  runtime: LogSource
  clock: Clock
  logger: Logger
  /** Cursors live in `<dataDir>/log-cursors/`. */
  dataDir: string
  /** The region this agent's server serves; `awslogs-region` naming another is noted, not obeyed. */
  region: string
  /** Events per batch; default 1000 (at most 10,000). */
  maxBatchEvents?: number
  /** UTF-8 message bytes + 26 per event; default 256 KiB. */
  maxBatchBytes?: number
  /** How long a line may wait for its batch to fill; default 1000 ms. */
  maxBatchDelayMs?: number
  /** Per stream, reading pauses while this many batches await acknowledgement; default 16. */
  maxUnacknowledgedBatches?: number
  /** How far before the resume line a re-read starts; default 1000 ms (resume-window.ts). */
  resumeMarginMs?: number
  /** Backoff between re-opening a container's log that ended or failed; default 250 ms to 5 s. */
  retryDelayMs?: { min: number; max: number }
}

/**
 * The agent's `awslogs` driver: ships the stdout and stderr lines of every awslogs container
 * it is told to follow, as numbered LogBatches, and keeps a cursor per stream so that a
 * restarted agent resumes right after what the server acknowledged. See README.md.
 */
export interface LogShipper {
  /**
   * Starts shipping a container's log (containers without the awslogs driver are ignored).
   * Call it once the container has started, and again after an agent restart for every
   * awslogs container still present, running or not: it resumes from the cursor. Calling it
   * for a container already followed does nothing, unless that container had stopped: it is
   * then followed again (it was restarted).
   */
  follow(target: LogTarget): void
  /**
   * Reads whatever the container wrote and was not read yet, hands it off, stops following
   * and deletes the cursor. Resolves once every line read has been handed to the listeners.
   * Call it once the container has stopped, before removing it (afterwards its lines are
   * gone). For a container not followed, deletes any cursor left for it.
   */
  forget(runtimeId: string): Promise<void>
  /** Called with each batch, in order per stream. */
  onBatch(listener: (batch: LogBatch) => void): void
  /** The server committed `batch`: its stream's cursor moves past it. */
  acknowledged(batch: LogBatch): void
  /** Every followed container's progress. */
  streams(): FollowerStatus[]
  /** Stops reading and hands off what was read; cursors stay for the next agent. */
  stop(): Promise<void>
}

export function createLogShipper(options: LogShipperOptions): LogShipper {
  return new AwslogsShipper(options)
}

class AwslogsShipper implements LogShipper {
  readonly #ctx: FollowerContext
  readonly #listeners: ((batch: LogBatch) => void)[] = []
  readonly #byRuntimeId = new Map<string, ContainerFollower>()
  readonly #byStream = new Map<string, ContainerFollower>()
  #stopped = false

  constructor(private readonly o: LogShipperOptions) {
    const limits = {
      maxEvents: o.maxBatchEvents ?? DEFAULT_BATCH_LIMITS.maxEvents,
      maxBytes: o.maxBatchBytes ?? DEFAULT_BATCH_LIMITS.maxBytes,
      maxDelayMs: o.maxBatchDelayMs ?? DEFAULT_BATCH_LIMITS.maxDelayMs,
    }
    this.#ctx = {
      runtime: o.runtime,
      clock: o.clock,
      logger: o.logger,
      cursors: new CursorStore(o.dataDir, o.logger),
      limits,
      // Every event fits a batch on its own.
      maxEventBytes: Math.min(MAX_EVENT_MESSAGE_BYTES, limits.maxBytes - EVENT_OVERHEAD_BYTES),
      maxUnacknowledgedBatches: o.maxUnacknowledgedBatches ?? 16,
      resumeMarginMs: o.resumeMarginMs ?? 1000,
      retryDelayMs: o.retryDelayMs ?? { min: 250, max: 5000 },
      emit: (batch) => this.#emit(batch),
    }
    if (this.#ctx.maxEventBytes < 4) throw new RangeError(`maxBatchBytes must be at least ${EVENT_OVERHEAD_BYTES + 4}`)
  }

  follow(target: LogTarget): void {
    if (this.#stopped) return
    const existing = this.#byRuntimeId.get(target.runtimeId)
    if (existing) return existing.start()
    const resolved = resolveAwslogs(target, this.o.region)
    if (resolved.kind === 'not-awslogs') return
    const fields = { taskArn: target.taskArn, container: target.containerName }
    if (resolved.kind === 'invalid') return this.o.logger.warn(`not shipping a container's log: ${resolved.reason}`, fields)
    for (const note of resolved.notes) this.o.logger.warn(`awslogs: ${note}`, fields)
    const key = streamKey(resolved.destination)
    const other = this.#byStream.get(key)
    if (other) return this.o.logger.warn('another container already ships to this log stream', { ...fields, stream: key, other: other.runtimeId })
    const follower = new ContainerFollower(target.runtimeId, resolved.destination, this.#ctx)
    this.#byRuntimeId.set(target.runtimeId, follower)
    this.#byStream.set(key, follower)
    follower.start()
  }

  async forget(runtimeId: string): Promise<void> {
    const follower = this.#byRuntimeId.get(runtimeId)
    if (!follower) return this.#ctx.cursors.remove(runtimeId)
    await follower.forget()
    if (this.#byRuntimeId.get(runtimeId) === follower) {
      this.#byRuntimeId.delete(runtimeId)
      this.#byStream.delete(streamKey(follower.destination))
    }
  }

  onBatch(listener: (batch: LogBatch) => void): void {
    this.#listeners.push(listener)
  }

  acknowledged(batch: LogBatch): void {
    if (this.#stopped || batch.firstSequence === undefined || batch.events.length === 0) return
    this.#byStream.get(streamKey(batch))?.acknowledged(batch.firstSequence + batch.events.length - 1)
  }

  streams(): FollowerStatus[] {
    return [...this.#byRuntimeId.values()].map((f) => f.status())
  }

  async stop(): Promise<void> {
    this.#stopped = true
    await Promise.all([...this.#byRuntimeId.values()].map((f) => f.stop()))
    await this.#ctx.cursors.idle()
  }

  #emit(batch: LogBatch): void {
    for (const listener of this.#listeners) {
      try {
        listener(batch)
      } catch (e) {
        this.o.logger.error('a log batch listener failed', { stream: streamKey(batch), error: e })
      }
    }
  }
}

const streamKey = (d: { logGroupName: string; logStreamName: string }) => `${d.logGroupName}:${d.logStreamName}`
