import type { LogsMessage, ReportMessage } from '../../core/agent-protocol.js'

/** The agent's messages that carry a `seq` the server acknowledges. */
export type AckedMessage = ReportMessage | LogsMessage

/**
 * Messages sent but not yet acknowledged, in order. Only what must not be lost waits here
 * (log batches); reports are numbered too, but a reconnect's `hello` supersedes them.
 */
export class Outbox {
  #seq = 0
  #held: AckedMessage[] = []

  /** The next sequence number. */
  nextSeq(): number {
    return ++this.#seq
  }

  hold(message: AckedMessage): void {
    this.#held.push(message)
  }

  /** The server handles messages in order: an ack for seq N covers everything up to N. Returns what it covered. */
  acknowledge(seq: number): AckedMessage[] {
    const done = this.#held.filter((m) => m.seq <= seq)
    this.#held = this.#held.filter((m) => m.seq > seq)
    return done
  }

  /** What waits, oldest first: resent after a reconnect. */
  get held(): readonly AckedMessage[] {
    return this.#held
  }
}
