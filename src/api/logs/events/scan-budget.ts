import type { Clock } from '../../../core/clock.js'

/**
 * How a scan over stored events stays within what one request may hold: each chunk is one
 * store read of about CHUNK_CHARS of messages (a read holds the store's queue and, SQLite
 * being synchronous, the event loop), the loop is given back between chunks, and the scan
 * stops when its time is spent.
 */

/** The first read of a scan, before the size of its events is known: 16 × 1 MB at worst. */
export const FIRST_CHUNK_ROWS = 16
/** Rows per read at most, however small the events. */
export const MAX_CHUNK_ROWS = 1_000
/** Characters of messages per read aimed at: about a millisecond to read and to match. */
export const CHUNK_CHARS = 1_000_000

/**
 * The rows the next read asks for, from what the last read of `rows` rows cost in characters:
 *   1,000 rows of 100 characters     → 1,000 (capped: 10,000 would fit)
 *   16 rows of 1,000,000 characters  → 1
 *   16 rows of 10,000 characters     → 100
 */
export function nextChunkRows(rows: number, chars: number): number {
  const perRow = Math.max(1, chars / Math.max(1, rows))
  return Math.min(MAX_CHUNK_ROWS, Math.max(1, Math.floor(CHUNK_CHARS / perRow)))
}

export interface Budget {
  spent(): boolean
  /** What is left, at least 1 ms: a matcher always examines one message. */
  remainingMs(): number
}

/**
 * A time budget from now on `clock`: the system clock in production, a ManualClock in tests,
 * where a budget then never runs out unless the test moves the clock, so no test depends on
 * how fast the machine is.
 */
export function startBudget(clock: Clock, ms: number): Budget {
  const until = clock.now() + ms
  return {
    spent: () => clock.now() >= until,
    remainingMs: () => Math.max(1, until - clock.now()),
  }
}

/** Lets the event loop run everything that is waiting (I/O first) before the scan goes on. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
