import type { Clock } from '../core/clock.js'
import type { Logger } from '../core/log.js'
import type { Store } from '../state/store.js'

/** ECS keeps a stopped task describable for about an hour, then forgets it. */
export const STOPPED_TASK_RETENTION_MS = 60 * 60 * 1000
const BATCH = 500

/**
 * Deletes tasks (and their tags) that stopped more than `retentionMs` ago, a batch per
 * transaction. Returns how many it deleted. Level-triggered: run it as often as you like.
 */
export async function reapStoppedTasks(store: Store, now: number, retentionMs = STOPPED_TASK_RETENTION_MS): Promise<number> {
  let total = 0
  for (;;) {
    const deleted = await store.txn(async (tx) => {
      const old = await tx.tasks.stoppedBefore(now - retentionMs, BATCH)
      for (const task of old) {
        await tx.tasks.delete(task.arn)
        await tx.tags.remove(task.arn, (await tx.tags.get(task.arn)).map((t) => t.key))
      }
      return old.length
    })
    total += deleted
    if (deleted < BATCH) return total
  }
}

/** Runs the reaper every `intervalMs` until stopped. */
export function startTaskReaper(store: Store, clock: Clock, logger: Logger, intervalMs = 60_000): { stop(): void } {
  const timer = setInterval(() => {
    reapStoppedTasks(store, clock.now()).then(
      (n) => n > 0 && logger.info('forgot stopped tasks', { count: n }),
      (error: unknown) => logger.warn('reaping stopped tasks failed; trying again later', { error }),
    )
  }, intervalMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
