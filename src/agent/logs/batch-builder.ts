import type { LogBatch } from '../../core/agent-protocol.js'
import { EVENT_OVERHEAD_BYTES, MAX_BATCH_EVENTS } from '../../core/model/log.js'
import type { AwslogsDestination } from './awslogs.js'

export interface BatchLimits {
  /** Events per batch (≤ 10,000, PutLogEvents' limit). */
  maxEvents: number
  /** UTF-8 message bytes plus 26 per event, as PutLogEvents counts them. */
  maxBytes: number
  /** How long the first event of a batch may wait for company. */
  maxDelayMs: number
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxEvents: 1000, maxBytes: 256 * 1024, maxDelayMs: 1000 }

export type LogEvent = LogBatch['events'][number]

/**
 * Gathers one stream's numbered events into LogBatches. A batch is handed to `emit` when it
 * holds `maxEvents`, when the next event would take it past `maxBytes`, when its first event
 * has waited `maxDelayMs`, or on `flush()`. Events must be added in number order, each one
 * more than the last: a batch is its first number plus consecutive events. One timer per
 * batch, no copying: the events array becomes the batch's.
 */
export class BatchBuilder {
  #events: LogEvent[] = []
  #bytes = 0
  #firstSequence = 0
  #timer: NodeJS.Timeout | undefined

  constructor(
    private readonly destination: AwslogsDestination,
    private readonly limits: BatchLimits,
    private readonly emit: (batch: LogBatch) => void,
  ) {
    if (limits.maxEvents < 1 || limits.maxEvents > MAX_BATCH_EVENTS) throw new RangeError(`maxEvents must be 1..${MAX_BATCH_EVENTS}`)
  }

  /** Events waiting for their batch. */
  get pending(): number {
    return this.#events.length
  }

  /** `bytes`: the message's UTF-8 length (the caller measured it to split long lines). */
  add(sequence: number, event: LogEvent, bytes: number): void {
    const size = bytes + EVENT_OVERHEAD_BYTES
    if (this.#events.length > 0 && this.#bytes + size > this.limits.maxBytes) this.flush()
    if (this.#events.length === 0) {
      this.#firstSequence = sequence
      this.#timer = setTimeout(() => this.flush(), this.limits.maxDelayMs)
    }
    this.#events.push(event)
    this.#bytes += size
    if (this.#events.length >= this.limits.maxEvents) this.flush()
  }

  flush(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    if (this.#events.length === 0) return
    const batch: LogBatch = { ...this.destination, events: this.#events, firstSequence: this.#firstSequence }
    this.#events = []
    this.#bytes = 0
    this.emit(batch)
  }

  /** Drops the timer; pending events stay (flush them first if they matter). */
  dispose(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
  }
}
