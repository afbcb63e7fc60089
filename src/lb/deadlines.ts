/**
 * One timer for every connection's deadline (client connections' idle and header timeouts,
 * upstream ones' connect, idle and keep-alive), instead of a timer per request: a connection moves its `deadline` forward as bytes pass (a number
 * written, no timer touched), and a sweep every TICK_MS expires those past theirs. A deadline
 * therefore fires up to one tick late, never early.
 */

/** How often the sweep runs while any connection is registered. */
export const TICK_MS = 50

export interface HasDeadline {
  /** performance.now() past which `expire` is called; Infinity for none. */
  deadline: number
  expire(now: number): void
}

export class Deadlines {
  readonly #entries = new Set<HasDeadline>()
  #timer: NodeJS.Timeout | undefined

  add(entry: HasDeadline): void {
    this.#entries.add(entry)
    if (!this.#timer) {
      this.#timer = setInterval(() => this.sweep(performance.now()), TICK_MS)
      // The sockets keep the process alive while there is traffic; the sweep never should.
      this.#timer.unref()
    }
  }

  delete(entry: HasDeadline): void {
    this.#entries.delete(entry)
    if (this.#entries.size === 0 && this.#timer) {
      clearInterval(this.#timer)
      this.#timer = undefined
    }
  }

  /** Expires every entry whose deadline has passed (public for tests). */
  sweep(now: number): void {
    for (const e of this.#entries) if (e.deadline <= now) e.expire(now)
  }
}

/** The process's one sweep, for client and upstream connections alike. */
export const connectionDeadlines = new Deadlines()
