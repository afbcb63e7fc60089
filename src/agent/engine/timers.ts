/**
 * Timers the engine sets (startTimeout, retries, the cleanup delay), injected so tests move
 * time by hand with the clock. Decisions read the clock; timers only wake the loop.
 */
export interface Timers {
  /** Calls `fn` once after `ms`; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void
}

export const realTimers: Timers = {
  after(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms))
    return () => clearTimeout(t)
  },
}
