import type { Controller } from '../../core/controller.js'
import type { Logger } from '../../core/log.js'
import { pause, type Timers } from '../../core/timers.js'

export interface RunningControllers {
  /** Aborts every controller and resolves once each loop has returned. */
  stop(): Promise<void>
}

/** How long a controller whose loop threw waits before it starts again. */
export const RESTART_DELAY_MS = 1_000

/**
 * Runs each controller's loop until stop(). A loop that throws is a bug, but one controller's
 * bug must not stop the others or the API: it is logged and the loop starts again after a
 * pause (level-triggered loops pick up where the state is).
 */
export function runControllers(controllers: readonly Controller[], deps: { logger: Logger; timers: Timers }): RunningControllers {
  const abort = new AbortController()
  const loops = controllers.map(async (c) => {
    while (!abort.signal.aborted) {
      try {
        await c.run(abort.signal)
        if (abort.signal.aborted) return
        deps.logger.error('controller returned before it was stopped; starting it again', { controller: c.name })
      } catch (error) {
        if (abort.signal.aborted) return
        deps.logger.error('controller failed; starting it again', { controller: c.name, error })
      }
      await pause(deps.timers, RESTART_DELAY_MS, abort.signal)
    }
  })
  return {
    async stop() {
      abort.abort()
      await Promise.all(loops)
    },
  }
}
