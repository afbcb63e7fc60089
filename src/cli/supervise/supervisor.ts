import type { Clock } from '../../core/clock.js'
import type { Logger } from '../../core/log.js'
import { pause, type Timers } from '../../core/timers.js'
import { nextRestartDelay, RESTART_BACKOFF, type RestartBackoff } from './restart-backoff.js'

/** How a supervised process ended: its exit code or signal, or why it could not start. */
export interface ProcessExit {
  code: number | null
  signal: string | null
  error?: Error
}

/** One run of a supervised process (process.ts makes one from a child process). */
export interface SupervisedProcess {
  readonly pid: number | undefined
  /** Resolves once the process is gone. */
  readonly exited: Promise<ProcessExit>
  /** Asks it to stop, and resolves once it is gone. */
  stop(): Promise<void>
}

export interface SupervisorOptions {
  /** For the log: `local instance 1`. */
  name: string
  /** Fields every log line of this process carries. */
  fields?: Record<string, unknown>
  start: () => SupervisedProcess
  clock: Clock
  timers: Timers
  logger: Logger
  backoff?: RestartBackoff
}

export interface Supervisor {
  /** The process running now, or the last one while a restart waits. */
  readonly current: SupervisedProcess | undefined
  /** Stops the process and starts no other, even if a restart was waiting. */
  stop(): Promise<void>
}

/**
 * Keeps one process running: starts it, and whenever it exits on its own, logs how and starts
 * it again after a wait that grows while it keeps dying soon after starting
 * (restart-backoff.ts), so a process that cannot start is retried, slowly, never in a tight
 * loop. Only stop() ends this.
 */
export function supervise(o: SupervisorOptions): Supervisor {
  const stopping = new AbortController()
  const backoff = o.backoff ?? RESTART_BACKOFF
  let current: SupervisedProcess | undefined

  const loop = (async () => {
    let wait: number | undefined
    while (!stopping.signal.aborted) {
      const startedAt = o.clock.now()
      const run = startSafely(o.start)
      current = run
      o.logger.info(`${o.name} started`, { ...o.fields, pid: run.pid })
      const exit = await exitOrStop(run, stopping.signal)
      if (exit === undefined || stopping.signal.aborted) return
      wait = nextRestartDelay(wait, o.clock.now() - startedAt, backoff)
      o.logger.warn(`${o.name} exited; starting it again`, { ...o.fields, pid: run.pid, ...describeExit(exit), restartInMs: wait })
      await pause(o.timers, wait, stopping.signal)
    }
  })()

  return {
    get current() {
      return current
    },
    async stop() {
      stopping.abort()
      await current?.stop()
      await loop
    },
  }
}

/** A start that throws (the OS refused a process) counts as a process that died at once. */
function startSafely(start: () => SupervisedProcess): SupervisedProcess {
  try {
    return start()
  } catch (error) {
    const exit: ProcessExit = { code: null, signal: null, error: error instanceof Error ? error : new Error(String(error)) }
    return { pid: undefined, exited: Promise.resolve(exit), stop: () => Promise.resolve() }
  }
}

/** How the run ended, or undefined once stop() was called; the listener goes with each run. */
async function exitOrStop(run: SupervisedProcess, signal: AbortSignal): Promise<ProcessExit | undefined> {
  if (signal.aborted) return undefined
  let onAbort!: () => void
  const stopped = new Promise<undefined>((resolve) => {
    onAbort = () => resolve(undefined)
    signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([run.exited, stopped])
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}

const describeExit = (exit: ProcessExit): Record<string, unknown> =>
  exit.error ? { error: exit.error.message } : exit.signal ? { signal: exit.signal } : { code: exit.code }
