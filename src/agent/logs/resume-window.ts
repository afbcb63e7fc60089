/**
 * A place in one container's log, from which reading can resume without losing or repeating
 * a line: ask the runtime for the lines since `sinceMs` (inclusive; all lines when absent),
 * drop the first `skip` events they make, and number the rest from `sequence + 1`.
 *
 * Why that is exact: the runtime replays a container's log in one fixed order (Docker: the
 * order of its log file), and `since` only filters it. The events numbered up to `sequence`
 * are a prefix of that order, so those of them stamped at or after `sinceMs` come first in
 * the filtered replay, and there are `skip` of them. Nothing requires the file to be in
 * timestamp order: Docker stamps stdout and stderr in two goroutines, so a line can land in
 * the file just after a line stamped a little later. `sinceMs` is therefore taken a margin
 * before the resume line's own time, so that a line written after it but stamped before it
 * is still replayed.
 *
 * Times are whole milliseconds. The runtime compares its own (nanosecond) stamps against
 * `sinceMs`, and a stamp truncated to milliseconds is >= sinceMs exactly when the full stamp
 * is (Date.parse truncates, it does not round), so counting with milliseconds is exact.
 */
export interface LogPosition {
  /** The number of the last event before the place (0: before the first line). */
  sequence: number
  /** Absent: replay from the container's first line. */
  sinceMs?: number | undefined
  skip: number
}

export const START_OF_LOG: LogPosition = { sequence: 0, skip: 0 }

/**
 * The runtime timestamps of a stream's recent events, by number, so that the position after
 * any recent event can be computed (`positionAfter`, `cursorAfter`). It holds every event
 * not yet acknowledged, and acknowledged ones only while they are stamped at or after the
 * acknowledged cursor's `sinceMs` (`release`): a resume never replays older ones.
 *
 * What it knows of the events it no longer holds (numbered up to `base.sequence`) is the
 * base: `base.skip` of them are stamped at or after `base.sinceMs`, and `#baseTimes` lists
 * those stamps when known. They are unknown after an agent restart (the cursor keeps the
 * count, not the stamps) until the first read from the cursor replays those events
 * (`learnBase`). Whenever a count cannot be known exactly the window undercounts, never
 * overcounts: a resume then repeats a few lines as new ones (duplicates) rather than losing
 * any. That happens when time runs backwards by more than the margin (a clock step), on a
 * second restart before the first read from a cursor skipped all it had to, and in a cursor
 * persisted after a restart when lines around it were stamped out of order.
 *
 * One Float64Array ring, grown by doubling: no allocation per event. Counting is a binary
 * search while the held stamps are in order (it tracks how many neighbours are not), a scan
 * otherwise.
 */
export class ResumeWindow {
  #base: LogPosition
  /** The stamps of the base's `skip` events when known, sorted. */
  #baseTimes: number[] | undefined
  #times: Float64Array = new Float64Array(1024)
  /** Ring index of the event numbered `#base.sequence + 1`. */
  #head = 0
  #size = 0
  /** Held neighbours stamped out of order (the later one earlier). */
  #disorder = 0

  constructor(
    start: LogPosition,
    private readonly marginMs: number,
  ) {
    this.#base = { ...start }
    this.#baseTimes = start.skip === 0 ? [] : undefined
  }

  /** The number of the last event recorded (the base's when none). */
  get last(): number {
    return this.#base.sequence + this.#size
  }

  /** Events held (for tests and status). */
  get held(): number {
    return this.#size
  }

  /** Whether the held stamps are in order (counts are then binary searches). */
  get ordered(): boolean {
    return this.#disorder === 0
  }

  /** Whether the base's stamps are known (see the class comment). */
  get knowsBase(): boolean {
    return this.#baseTimes !== undefined
  }

  /**
   * The stamps of the `base.skip` events a read from the base skipped, in replay order: from
   * now on counts that involve them are exact. Ignored unless it is all of them.
   */
  learnBase(times: readonly number[]): void {
    if (this.#baseTimes === undefined && times.length === this.#base.skip) this.#baseTimes = [...times].sort((a, b) => a - b)
  }

  /** Records the next event's runtime time (ms) and returns its number. */
  push(timeMs: number): number {
    if (this.#size === this.#times.length) this.#grow()
    if (this.#size > 0 && timeMs < this.#at(this.#size - 1)) this.#disorder++
    this.#times[(this.#head + this.#size) % this.#times.length] = timeMs
    this.#size++
    return this.last
  }

  /** The runtime time of a held event. */
  timeOf(sequence: number): number {
    const i = sequence - this.#base.sequence - 1
    if (i < 0 || i >= this.#size) throw new RangeError(`event ${sequence} is not held (${this.#base.sequence + 1}..${this.last})`)
    return this.#at(i)
  }

  /**
   * The position right after event `sequence` (the base, or a held event), to re-open the
   * log from. Its `sinceMs` is the event's time less the margin; its `skip` counts the events
   * up to it stamped at or after that: held ones one by one, base ones by their stamps when
   * known, else all `base.skip` of them when the base's `sinceMs` is no earlier, else none
   * (an undercount).
   *
   *   margin 1000, base {sequence 10, sinceMs 4000, skip 3} (stamps unknown),
   *   held 11..14 stamped 4500 4990 5600 5400
   *   positionAfter(14): sinceMs 4400, skip = 4 held + 0 (base unknown, 4000 < 4400) = 4
   *   positionAfter(12): sinceMs 3990, skip = 2 held + 3 (4000 >= 3990: all of them) = 5
   */
  positionAfter(sequence: number): LogPosition {
    return this.#position(sequence, this.marginMs)
  }

  /**
   * The position to persist as the cursor after acknowledged event `sequence`: as
   * `positionAfter`, with twice the margin. A restarted agent learns the stamps of the events
   * from its `sinceMs` on (`learnBase`); the positions it computes next start one margin
   * before their own event, which a line stamped up to one margin before the cursor's line
   * (the disorder the margin allows) would put before the cursor's `sinceMs` with a single
   * margin, and counts there would be short (duplicates on a second restart, never loss).
   */
  cursorAfter(sequence: number): LogPosition {
    return this.#position(sequence, 2 * this.marginMs)
  }

  #position(sequence: number, marginMs: number): LogPosition {
    if (sequence === this.#base.sequence) return { ...this.#base }
    const time = this.timeOf(sequence)
    // A line with no usable stamp (0): replay everything.
    const sinceMs = time - marginMs > 0 ? time - marginMs : undefined
    const from = sinceMs ?? -Infinity
    return { sequence, sinceMs, skip: this.#baseCount(from) + this.#heldCount(from, sequence - this.#base.sequence) }
  }

  /**
   * The cursor after `through` is acknowledged (its `sinceMs` given): forgets held events up
   * to `through` stamped more than a margin before that `sinceMs`, oldest first, stopping at
   * the first that is not. Positions computed later start no earlier than that, as long as
   * lines are stamped at most a margin out of order. When the base's stamps are known, its
   * `sinceMs` moves up to the same point, so that they stay few.
   */
  release(through: number, cursorSinceMs: number | undefined): void {
    if (cursorSinceMs === undefined) return
    const keepFrom = cursorSinceMs - this.marginMs
    const base = this.#base
    const baseFrom = base.sinceMs ?? -Infinity
    while (this.#size > 0 && base.sequence < through) {
      const time = this.#at(0)
      if (time >= keepFrom) break
      if (this.#size > 1 && this.#at(1) < time) this.#disorder--
      base.sequence++
      if (time >= baseFrom) base.skip++ // (when the stamps are known, dropped just below)
      this.#head = (this.#head + 1) % this.#times.length
      this.#size--
    }
    if (this.#baseTimes && keepFrom > baseFrom && keepFrom > 0) {
      this.#baseTimes = this.#baseTimes.slice(lowerBound((i) => this.#baseTimes?.[i] as number, this.#baseTimes.length, keepFrom))
      base.sinceMs = keepFrom
      base.skip = this.#baseTimes.length
    }
  }

  /** How many base events are stamped at or after `from` (at least; see the class comment). */
  #baseCount(from: number): number {
    const baseFrom = this.#base.sinceMs ?? -Infinity
    if (from <= baseFrom) return this.#base.skip
    const times = this.#baseTimes
    if (!times) return 0
    return times.length - lowerBound((i) => times[i] as number, times.length, from)
  }

  /** How many of the first `n` held events are stamped at or after `from`. */
  #heldCount(from: number, n: number): number {
    if (this.#disorder === 0) return n - lowerBound((i) => this.#at(i), n, from)
    let count = 0
    for (let i = 0; i < n; i++) if (this.#at(i) >= from) count++
    return count
  }

  /** The stamp of the i-th held event (0: the oldest). */
  #at(i: number): number {
    return this.#times[(this.#head + i) % this.#times.length] as number
  }

  #grow(): void {
    const bigger = new Float64Array(this.#times.length * 2)
    for (let i = 0; i < this.#size; i++) bigger[i] = this.#at(i)
    this.#times = bigger
    this.#head = 0
  }
}

/** The first index in [0, n) whose value is >= x, for values in ascending order (n if none). */
function lowerBound(valueAt: (i: number) => number, n: number, x: number): number {
  let lo = 0
  let hi = n
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (valueAt(mid) < x) lo = mid + 1
    else hi = mid
  }
  return lo
}
