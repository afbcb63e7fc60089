import type { Timers } from '../core/timers.js'
import type { Store, StoreTable } from './store.js'

export interface WorkWait {
  /** The store index the controller last read at: a commit above it to a watched table wakes it. */
  seen: number
  tables: readonly StoreTable[]
  /** Wakes it after this long too (a timer of its own: a retry, a period boundary); absent, only commits do. */
  afterMs?: number | undefined
  signal: AbortSignal
}

/**
 * How a controller sleeps between passes: until a commit to a table it reads, its own timer, or
 * the end of its run, whichever comes first. Every watch and timer it set is gone when it
 * resolves; it never rejects.
 */
export async function waitForWork(store: Store, timers: Timers, wait: WorkWait): Promise<void> {
  if (wait.signal.aborted) return
  const stop = new AbortController()
  const onAbort = () => stop.abort()
  wait.signal.addEventListener('abort', onAbort, { once: true })
  const cancel = wait.afterMs === undefined ? undefined : timers.after(wait.afterMs, onAbort)
  try {
    await store.watch(Math.max(0, wait.seen), { tables: wait.tables, signal: stop.signal })
  } catch {
    // Aborted: the timer fired or the run is ending.
  } finally {
    cancel?.()
    stop.abort()
    wait.signal.removeEventListener('abort', onAbort)
  }
}
