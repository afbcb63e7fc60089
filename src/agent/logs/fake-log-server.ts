import type { LogBatch } from '../../core/agent-protocol.js'
import { appendLogEvents } from '../../state/logs-append.js'
import { SqliteStore } from '../../state/sqlite/sqlite-store.js'
import type { LogShipper } from './log-shipper.js'

/**
 * For tests only (never imported by production code): the server's side of log shipping in
 * one object. Batches are applied in the order they were handed off, each in its own
 * transaction, with the real appendLogEvents (so its de-duplication by sequence number is
 * the one under test) into an in-memory store; then acknowledged to the shipper that sent
 * them, unless `acknowledge` says this one's acknowledgement is lost (as when the channel
 * drops after the commit and before the ack). A batch the store refuses is recorded in
 * `refused` and acknowledged all the same, as server/agent-channel/append-logs.ts does.
 */
export class FakeLogServer {
  readonly store = new SqliteStore({ path: ':memory:' })
  /** Every batch received, in order. */
  readonly batches: LogBatch[] = []
  /** Why batches were refused (the real server logs these and drops the batch). */
  readonly refused: string[] = []
  #queue: Promise<void> = Promise.resolve()
  #now = Date.UTC(2026, 0, 1)

  constructor(private readonly options: { acknowledge?: (batch: LogBatch, index: number) => boolean } = {}) {}

  /** Receives `shipper`'s batches from now on. */
  attach(shipper: LogShipper): void {
    shipper.onBatch((batch) => {
      const index = this.batches.push(batch) - 1
      this.#queue = this.#queue.then(async () => {
        const result = await this.store.txn((tx) => appendLogEvents(tx, { ...batch, now: this.#now }))
        if (result.outcome !== 'applied') this.refused.push(`${batch.logGroupName}/${batch.logStreamName}: ${result.reason}`)
        if (this.options.acknowledge?.(batch, index) ?? true) shipper.acknowledged(batch)
      })
    })
  }

  /** Resolves once every batch received so far is applied. */
  async idle(): Promise<void> {
    for (let q = this.#queue; ; q = this.#queue) {
      await q
      if (q === this.#queue) return
    }
  }

  /** A stream's messages in stream order, as GetLogEvents would return them. */
  async messages(group: string, stream: string): Promise<string[]> {
    await this.idle()
    return this.store.read(async (tx) => {
      const g = await tx.logs.group(group)
      const s = g && (await tx.logs.stream(g.id, stream))
      if (!s) return []
      const out: string[] = []
      let from: { timestamp: number; sequence: number } | undefined
      for (;;) {
        const page = await tx.logs.streamEvents({ streamId: s.id, startTime: 0, endTime: Number.MAX_SAFE_INTEGER, minTimestamp: 0, direction: 'forward', limit: 10_000, from })
        for (const e of page) out.push(e.message)
        const last = page.at(-1)
        if (!last || page.length < 10_000) return out
        from = { timestamp: last.timestamp, sequence: last.sequence }
      }
    })
  }

  /**
   * A stream's messages by shipper sequence number, 1 to the highest received, from every
   * batch received (applied or not). Throws when a number is missing, or when two sends of
   * one number carry different events: numbering must be the same on every read of a log.
   */
  numbered(group: string, stream: string): string[] {
    const out: string[] = []
    for (const b of this.batches) {
      if (b.logGroupName !== group || b.logStreamName !== stream || b.firstSequence === undefined) continue
      b.events.forEach((e, i) => {
        const at = (b.firstSequence as number) + i - 1
        const before = out[at]
        if (before !== undefined && before !== e.message) throw new Error(`sequence ${at + 1} sent as '${before}' and as '${e.message}'`)
        out[at] = e.message
      })
    }
    const gap = out.findIndex((m) => m === undefined)
    if (gap >= 0) throw new Error(`sequence ${gap + 1} was never sent`)
    return out
  }

  /** The highest shipper sequence number the stream applied. */
  async shippedThrough(group: string, stream: string): Promise<number> {
    await this.idle()
    return this.store.read(async (tx) => {
      const g = await tx.logs.group(group)
      const s = g && (await tx.logs.stream(g.id, stream))
      return s?.shippedThrough ?? 0
    })
  }

  async groupExists(group: string): Promise<boolean> {
    await this.idle()
    return this.store.read(async (tx) => (await tx.logs.group(group)) !== undefined)
  }

  async close(): Promise<void> {
    await this.idle().catch(() => undefined)
    await this.store.close()
  }
}
