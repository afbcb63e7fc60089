import type { Timers } from '../core/timers.js'
import type { ManualClock } from '../core/clock.js'

/** Timers that fire only when a test moves its ManualClock with `advance`, in time order. */
export class ManualTimers implements Timers {
  #pending: { at: number; seq: number; fn: () => void }[] = []
  #seq = 0
  constructor(readonly clock: ManualClock) {}

  after(ms: number, fn: () => void): () => void {
    const t = { at: this.clock.now() + Math.max(0, ms), seq: this.#seq++, fn }
    this.#pending.push(t)
    return () => {
      this.#pending = this.#pending.filter((p) => p !== t)
    }
  }

  /** How many timers wait. */
  get pending(): number {
    return this.#pending.length
  }

  /** Moves the clock by `ms`, firing every timer that falls due on the way, earliest first. */
  advance(ms: number): void {
    const target = this.clock.now() + ms
    for (;;) {
      const next = [...this.#pending].sort((a, b) => a.at - b.at || a.seq - b.seq)[0]
      if (!next || next.at > target) break
      this.#pending = this.#pending.filter((p) => p !== next)
      if (next.at > this.clock.now()) this.clock.advance(next.at - this.clock.now())
      next.fn()
    }
    if (target > this.clock.now()) this.clock.advance(target - this.clock.now())
  }
}
