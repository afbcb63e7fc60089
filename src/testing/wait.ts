import { setTimeout as sleep } from 'node:timers/promises'

/**
 * Polls `read` until `done` accepts its value, and returns that value; fails after
 * `timeoutMs` with the last value seen. For state an engine reaches on its own time.
 */
export async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 10_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(value)}`)
    await sleep(intervalMs)
  }
}
