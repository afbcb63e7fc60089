/**
 * How long `berth up` waits before starting a local agent again (supervisor.ts). Pure: the
 * last wait and how long the process ran decide the next wait.
 */
export interface RestartBackoff {
  /** The wait after a process that ran well, or after its first exit. */
  firstMs: number
  /** The longest wait: a process that keeps dying is still tried this often. */
  maxMs: number
  /** A process that ran this long was not crash-looping: its next wait starts over. */
  stableAfterMs: number
}

export const RESTART_BACKOFF: RestartBackoff = { firstMs: 1_000, maxMs: 30_000, stableAfterMs: 60_000 }

/**
 * The wait before the next start of a process that exited after running `uptimeMs`, when
 * the wait before this run was `previousMs` (undefined: it never exited before). A process
 * that died sooner than stableAfterMs waits twice as long as last time, up to maxMs.
 *
 *   dies at once, again and again        1 s, 2 s, 4 s, 8 s, 16 s, 30 s, 30 s, ...
 *   killed once after running 10 min    1 s
 *   dies at once 3 times, then runs 2 min and dies   1 s, 2 s, 4 s, then 1 s
 */
export function nextRestartDelay(previousMs: number | undefined, uptimeMs: number, b: RestartBackoff = RESTART_BACKOFF): number {
  if (previousMs === undefined || uptimeMs >= b.stableAfterMs) return b.firstMs
  return Math.min(previousMs * 2, b.maxMs)
}
