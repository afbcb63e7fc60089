import type { Timers } from '../../core/timers.js'

/**
 * When an agent counts as silent: when no frame has arrived from it for `timeoutMs`, judged by
 * the time of the last frame the server read, after the server has read what was waiting.
 *
 * Why not a timer reset on every frame: when the event loop is blocked (a slow request), a
 * timer due meanwhile fires first when the loop comes free, before the I/O callbacks that read
 * the agent's queued frames; a healthy agent whose heartbeats sat unread in the socket was cut
 * off and its tasks marked DISCONNECTED. Here the timer only says "look now": the look is
 * deferred with setImmediate, which runs after the loop's I/O phase, so the frames waiting are
 * read (and `heard()` called) first; then the clock is compared with the last frame.
 */
export interface SilenceWatchOptions {
  timeoutMs: number
  onSilent: () => void
  /** Monotonic milliseconds (performance.now); tests pass a ManualClock's. */
  now?: () => number
  timers?: Timers
  /** Runs `fn` once the I/O already waiting has been handled (setImmediate). */
  defer?: (fn: () => void) => void
}

/** Silent, or how long until it could be: the decision, pure. */
export function silenceVerdict(lastHeardMs: number, nowMs: number, timeoutMs: number): { silent: true } | { silent: false; recheckInMs: number } {
  const quiet = nowMs - lastHeardMs
  return quiet >= timeoutMs ? { silent: true } : { silent: false, recheckInMs: timeoutMs - quiet }
}

/** Real timers that never keep the process alive on their own. */
const unrefTimers: Timers = {
  after(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms))
    t.unref()
    return () => clearTimeout(t)
  },
}

export class SilenceWatch {
  readonly #o: Required<SilenceWatchOptions>
  #lastHeard: number
  #cancel: (() => void) | undefined
  #stopped = false

  constructor(options: SilenceWatchOptions) {
    this.#o = { now: () => performance.now(), timers: unrefTimers, defer: (fn) => void setImmediate(fn), ...options }
    this.#lastHeard = this.#o.now()
    this.#arm(this.#o.timeoutMs)
  }

  /** A frame arrived. Cheap: no timer is touched. */
  heard(): void {
    this.#lastHeard = this.#o.now()
  }

  stop(): void {
    this.#stopped = true
    this.#cancel?.()
  }

  #arm(ms: number): void {
    this.#cancel = this.#o.timers.after(ms, () => this.#o.defer(() => this.#judge()))
  }

  #judge(): void {
    if (this.#stopped) return
    const verdict = silenceVerdict(this.#lastHeard, this.#o.now(), this.#o.timeoutMs)
    if (!verdict.silent) return this.#arm(verdict.recheckInMs)
    this.#stopped = true
    this.#o.onSilent()
  }
}
