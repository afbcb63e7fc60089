/**
 * Timers, injected so tests move time by hand with the clock (src/testing/timers.ts): the
 * agent's engine (startTimeout, retries, the cleanup delay) and the control plane's
 * controllers (backoffs, intervals) set them. Decisions read the clock; timers only wake loops.
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

/** Resolves after `ms`, or as soon as `signal` aborts (never rejects): a loop's pause. */
export function pause(timers: Timers, ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      cancel()
      signal.removeEventListener('abort', done)
      resolve()
    }
    const cancel = timers.after(ms, done)
    signal.addEventListener('abort', done, { once: true })
  })
}
