import type { LogBatch } from '../../core/agent-protocol.js'
import type { Clock } from '../../core/clock.js'
import type { Logger } from '../../core/log.js'
import { isRuntimeError } from '../runtime/errors.js'
import type { ContainerRuntime, LogsRuntime } from '../runtime/runtime.js'
import type { AwslogsDestination } from './awslogs.js'
import { BatchBuilder, type BatchLimits } from './batch-builder.js'
import type { CursorStore, LogCursor } from './cursor-store.js'
import { ResumeWindow, START_OF_LOG } from './resume-window.js'
import { splitMessage } from './split-message.js'

/** What the shipper needs of a runtime: the log capability, and inspect to tell a stopped container. */
export type LogSource = Pick<ContainerRuntime, 'inspect'> & LogsRuntime

export interface FollowerContext {
  runtime: LogSource
  clock: Clock
  logger: Logger
  cursors: CursorStore
  limits: BatchLimits
  /** Longer lines are split into events of at most this many UTF-8 bytes. */
  maxEventBytes: number
  /** Reading pauses while this many batches of the stream await acknowledgement. */
  maxUnacknowledgedBatches: number
  resumeMarginMs: number
  retryDelayMs: { min: number; max: number }
  emit: (batch: LogBatch) => void
}

/**
 * - `starting`: created, not yet reading
 * - `reading`: following the log (or waiting to re-open it)
 * - `ended`: the container stopped and every line of it was read and handed off
 * - `forgetting` / `forgotten`: the last lines are being read and handed off / were
 * - `stopped`: the shipper stopped (the agent is going down); the cursor stays for the next one
 */
export type FollowerState = 'starting' | 'reading' | 'ended' | 'forgetting' | 'forgotten' | 'stopped'

export interface FollowerStatus {
  runtimeId: string
  logGroupName: string
  logStreamName: string
  state: FollowerState
  /** The number of the last line read (0: none). */
  read: number
  /** The number of the last line the server acknowledged. */
  acknowledged: number
  /** Lines read and not yet in a batch. */
  pending: number
  /** Batches handed off and not yet acknowledged. */
  unacknowledgedBatches: number
}

/**
 * Ships one container's log to its stream: reads it from the runtime, numbers its events,
 * batches them, and keeps the acknowledged position as the stream's cursor.
 *
 * Invariant: events are numbered 1, 2, 3, ... in the order the runtime replays the log, the
 * same numbers on every read of it (after a re-open, after an agent restart), so the server's
 * de-duplication by number is exact. Lines are never handed off out of that order.
 */
export class ContainerFollower {
  #state: FollowerState = 'starting'
  #window = new ResumeWindow(START_OF_LOG, 0)
  readonly #batches: BatchBuilder
  readonly #loaded: Promise<void>
  #acknowledged = 0
  /** Last number of each batch handed off and not acknowledged, oldest first. */
  readonly #unacknowledged: number[] = []
  #abort = new AbortController()
  #loop: Promise<void> = Promise.resolve()
  #wakeReader: (() => void) | undefined
  #forgetting: Promise<void> | undefined

  constructor(
    readonly runtimeId: string,
    readonly destination: AwslogsDestination,
    private readonly ctx: FollowerContext,
  ) {
    this.#batches = new BatchBuilder(destination, ctx.limits, (batch) => {
      this.#unacknowledged.push((batch.firstSequence ?? 0) + batch.events.length - 1)
      ctx.emit(batch)
    })
    this.#loaded = this.#loadCursor()
  }

  get state(): FollowerState {
    return this.#state
  }

  status(): FollowerStatus {
    const { logGroupName, logStreamName } = this.destination
    return {
      runtimeId: this.runtimeId,
      logGroupName,
      logStreamName,
      state: this.#state,
      read: this.#window.last,
      acknowledged: this.#acknowledged,
      pending: this.#batches.pending,
      unacknowledgedBatches: this.#unacknowledged.length,
    }
  }

  /** Starts following, or follows again after the container ended (it may have been restarted). */
  start(): void {
    if (this.#state !== 'starting' && this.#state !== 'ended') return
    this.#state = 'reading'
    this.#abort = new AbortController()
    const signal = this.#abort.signal
    this.#loop = this.#follow(signal).catch((e: unknown) => this.ctx.logger.error('log shipping stopped unexpectedly', { runtimeId: this.runtimeId, error: e }))
  }

  /** The server committed every event numbered up to `sequence`. */
  acknowledged(sequence: number): void {
    if (sequence <= this.#acknowledged || sequence > this.#window.last) return
    const position = this.#window.cursorAfter(sequence)
    const time = this.#window.timeOf(sequence)
    this.#acknowledged = sequence
    this.#window.release(sequence, position.sinceMs)
    while ((this.#unacknowledged[0] ?? Infinity) <= sequence) this.#unacknowledged.shift()
    this.#wakeReader?.()
    if (this.#state === 'forgetting' || this.#state === 'forgotten') return
    const { logGroupName, logStreamName } = this.destination
    this.ctx.cursors.save(this.runtimeId, { logGroupName, logStreamName, ...position, time })
  }

  /**
   * Reads the container's last lines (everything it wrote so far, not waiting for more, not
   * pausing for acknowledgements), hands them off, and deletes the cursor: the container is
   * gone or about to be, and nothing of it will be read again.
   */
  forget(): Promise<void> {
    this.#forgetting ??= (async () => {
      this.#state = 'forgetting'
      this.#abort.abort()
      await this.#loop
      await this.#loaded
      try {
        await this.#read({ follow: false, signal: new AbortController().signal, paced: false })
      } catch (e) {
        if (!isNotFound(e)) this.ctx.logger.warn('cannot read the last lines of a container', { runtimeId: this.runtimeId, error: e })
      }
      this.#batches.flush()
      this.#batches.dispose()
      await this.ctx.cursors.remove(this.runtimeId)
      this.#state = 'forgotten'
    })()
    return this.#forgetting
  }

  /** Stops reading and hands off what was read; the cursor stays where the acknowledgements left it. */
  async stop(): Promise<void> {
    if (this.#forgetting) return this.#forgetting
    this.#state = 'stopped'
    this.#abort.abort()
    await this.#loop
    this.#batches.flush()
    this.#batches.dispose()
  }

  async #loadCursor(): Promise<void> {
    const cursor = await this.ctx.cursors.load(this.runtimeId)
    const { logGroupName, logStreamName } = this.destination
    if (cursor && (cursor.logGroupName !== logGroupName || cursor.logStreamName !== logStreamName)) {
      this.ctx.logger.warn('the log cursor names another stream; shipping from the start', { runtimeId: this.runtimeId, cursor: `${cursor.logGroupName}/${cursor.logStreamName}` })
    }
    const start = cursor && cursor.logGroupName === logGroupName && cursor.logStreamName === logStreamName ? position(cursor) : START_OF_LOG
    this.#window = new ResumeWindow(start, this.ctx.resumeMarginMs)
    this.#acknowledged = start.sequence
  }

  /**
   * Follows the log until the container stops (then one last plain read catches anything the
   * follow missed) or the signal aborts. A stream that ends or fails while the container is
   * still there is re-opened from where reading got to, with backoff.
   */
  async #follow(signal: AbortSignal): Promise<void> {
    await this.#loaded
    let delay = this.ctx.retryDelayMs.min
    while (!signal.aborted) {
      let taken = 0
      try {
        taken = await this.#read({ follow: true, signal, paced: true })
      } catch (e) {
        if (isNotFound(e)) return this.#ended()
        if (!signal.aborted) this.ctx.logger.warn('reading a container log failed; re-opening it', { runtimeId: this.runtimeId, error: e })
      }
      if (signal.aborted) return
      const seen = await this.ctx.runtime.inspect(this.runtimeId).then(
        (o) => o?.state ?? 'missing',
        () => 'unknown',
      )
      if (seen === 'missing') return this.#ended()
      if (seen === 'exited' || seen === 'dead') {
        await this.#read({ follow: false, signal, paced: true }).catch(() => 0)
        if (!signal.aborted) this.#ended()
        return
      }
      if (taken > 0) delay = this.ctx.retryDelayMs.min
      await sleep(delay, signal)
      delay = Math.min(delay * 2, this.ctx.retryDelayMs.max)
    }
  }

  #ended(): void {
    this.#batches.flush()
    this.#state = 'ended'
  }

  /**
   * One pass over the log from where reading got to: skips the events already numbered,
   * numbers and batches the rest. `paced`: waits while too many batches are unacknowledged.
   * The hot path allocates nothing but the event object.
   */
  async #read(o: { follow: boolean; signal: AbortSignal; paced: boolean }): Promise<number> {
    const window = this.#window
    const from = window.positionAfter(window.last)
    const { maxEventBytes, maxUnacknowledgedBatches } = this.ctx
    let skip = from.skip
    // Reading from a cursor (after a restart) replays the acknowledged events the window only
    // counts: it learns their stamps as they are skipped.
    let learning = window.held === 0 && !window.knowsBase ? ([] as number[]) : undefined
    let taken = 0
    const lines = this.ctx.runtime.logs(this.runtimeId, { follow: o.follow, signal: o.signal, ...(from.sinceMs !== undefined && { sinceMs: from.sinceMs }) })
    for await (const line of lines) {
      const text = line.text
      if (text.length === 0) continue // CloudWatch refuses empty events; the awslogs driver skips them too
      const bytes = Buffer.byteLength(text, 'utf8')
      const pieces = bytes <= maxEventBytes ? undefined : splitMessage(text, maxEventBytes)
      for (let i = 0, n = pieces?.length ?? 1; i < n; i++) {
        if (skip > 0) {
          skip--
          learning?.push(line.time)
          continue
        }
        if (learning) {
          window.learnBase(learning)
          learning = undefined
        }
        const piece = pieces?.[i]
        taken += piece === undefined ? this.#take(line.time, text, bytes) : this.#take(line.time, piece, Buffer.byteLength(piece, 'utf8'))
      }
      if (o.signal.aborted) break // the runtime may still hold lines it read ahead
      if (o.paced && this.#unacknowledged.length >= maxUnacknowledgedBatches) await this.#acknowledgement(o.signal)
    }
    if (learning && skip === 0) window.learnBase(learning)
    return taken
  }

  /** Numbers and batches one event; returns 1 (the count taken). */
  #take(time: number, message: string, bytes: number): 1 {
    const sequence = this.#window.push(time)
    // The window keeps the runtime's own stamp (what `since` compares); a missing one is shipped as now.
    this.#batches.add(sequence, { timestamp: time > 0 ? time : this.ctx.clock.now(), message }, bytes)
    return 1
  }

  /** Resolves at the next acknowledgement, or when the signal aborts. */
  #acknowledgement(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done)
        this.#wakeReader = undefined
        resolve()
      }
      this.#wakeReader = done
      signal.addEventListener('abort', done, { once: true })
    })
  }
}

const position = (c: LogCursor) => ({ sequence: c.sequence, sinceMs: c.sinceMs, skip: c.skip })
const isNotFound = (e: unknown) => isRuntimeError(e) && e.code === 'ContainerNotFound'

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}
