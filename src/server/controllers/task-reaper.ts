import type { Clock } from '../../core/clock.js'
import type { Controller } from '../../core/controller.js'
import type { Logger } from '../../core/log.js'
import { pause, type Timers } from '../../core/timers.js'
import type { Store } from '../../state/store.js'

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

export interface TaskReaperDeps {
  store: Store
  clock: Clock
  timers: Timers
  logger: Logger
}

/** Reaps stopped tasks every `intervalMs`: a controller. */
export function taskReaper(deps: TaskReaperDeps, intervalMs = 60_000): Controller {
  return {
    name: 'task-reaper',
    async run(signal) {
      while (!signal.aborted) {
        await pause(deps.timers, intervalMs, signal)
        if (signal.aborted) return
        try {
          const n = await reapStoppedTasks(deps.store, deps.clock.now())
          if (n > 0) deps.logger.info('forgot stopped tasks', { count: n })
        } catch (error) {
          deps.logger.warn('reaping stopped tasks failed; trying again later', { error })
        }
      }
    },
  }
}
