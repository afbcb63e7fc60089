import type { Timers } from '../core/timers.js'
import type { ProbeResult } from './health-state.js'
import type { StatusMatcher } from './matcher.js'

/**
 * Active health checks: one probe per watched target per interval, the first as soon as the
 * target is watched. "Each health check request is independent and the result lasts for the
 * entire interval. The time it takes for the target to respond does not affect the interval
 * for the next health check request" (ALB guide): the next probe is scheduled when one is
 * sent, not when it returns, and the timeout (less than the interval) ends a slow one.
 *
 * Time comes only from the injected Timers, so a test on ManualTimers sends each probe and
 * fires each timeout by moving the clock, and `idle()` says when the probes it set off have
 * been reported. The probe itself is injected too (the real one is `httpProbe`).
 */

export interface ProbeSpec {
  protocol: 'HTTP' | 'HTTPS'
  address: string
  port: number
  path: string
  matcher: StatusMatcher
  /** The matcher as configured, to tell specs apart. */
  matcherText: string
  intervalMs: number
  timeoutMs: number
}

/** Sends one health check; resolves (never rejects) with its outcome. Aborting `signal` means the timeout passed. */
export type Probe = (spec: ProbeSpec, signal: AbortSignal) => Promise<ProbeResult>

export interface ProbeListener {
  /** The first probe of a watch went out. */
  probing(watchKey: string): void
  probed(watchKey: string, result: ProbeResult): void
}

interface Watch {
  spec: ProbeSpec
  specKey: string
  cancelTimer: () => void
  /** Bumped on every (re)start, so the result of a probe from an earlier one is dropped. */
  generation: number
  abort: AbortController | undefined
}

export class HealthChecker {
  readonly #timers: Timers
  readonly #probe: Probe
  readonly #listener: ProbeListener
  readonly #watches = new Map<string, Watch>()
  #inFlight = 0
  #idleWaiters: (() => void)[] = []

  constructor(timers: Timers, probe: Probe, listener: ProbeListener) {
    this.#timers = timers
    this.#probe = probe
    this.#listener = listener
  }

  /**
   * Probes `watchKey` with `spec` from now on. The same spec again changes nothing (apply
   * runs often); a different one restarts the schedule with a probe now.
   */
  watch(watchKey: string, spec: ProbeSpec): void {
    const specKey = `${spec.protocol} ${spec.address}:${spec.port}${spec.path} ${spec.intervalMs}/${spec.timeoutMs} ${spec.matcherText}`
    const existing = this.#watches.get(watchKey)
    if (existing?.specKey === specKey) {
      existing.spec = spec
      return
    }
    const first = !existing
    if (existing) this.#stop(existing)
    const w: Watch = { spec, specKey, cancelTimer: () => {}, generation: (existing?.generation ?? 0) + 1, abort: undefined }
    this.#watches.set(watchKey, w)
    if (first) this.#listener.probing(watchKey)
    this.#tick(watchKey, w)
  }

  unwatch(watchKey: string): void {
    const w = this.#watches.get(watchKey)
    if (!w) return
    this.#stop(w)
    this.#watches.delete(watchKey)
  }

  watching(): string[] {
    return [...this.#watches.keys()]
  }

  /** Resolves once no probe is in flight (each one's result reported). */
  idle(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve()
    return new Promise((resolve) => this.#idleWaiters.push(resolve))
  }

  close(): void {
    for (const key of [...this.#watches.keys()]) this.unwatch(key)
  }

  #stop(w: Watch): void {
    w.generation++
    w.cancelTimer()
    w.abort?.abort()
  }

  #tick(watchKey: string, w: Watch): void {
    const generation = w.generation
    w.cancelTimer = this.#timers.after(w.spec.intervalMs, () => {
      if (w.generation === generation) this.#tick(watchKey, w)
    })
    // A probe still out when the next is due (a timeout as long as the interval): let it finish.
    if (w.abort) return
    void this.#send(watchKey, w, generation)
  }

  async #send(watchKey: string, w: Watch, generation: number): Promise<void> {
    const abort = new AbortController()
    w.abort = abort
    this.#inFlight++
    const cancelTimeout = this.#timers.after(w.spec.timeoutMs, () => abort.abort())
    try {
      const result = await this.#probe(w.spec, abort.signal).catch((error: unknown): ProbeResult => ({ ok: false, failure: 'connection', message: String(error) }))
      cancelTimeout()
      if (w.abort === abort) w.abort = undefined
      if (w.generation === generation && this.#watches.get(watchKey) === w) this.#listener.probed(watchKey, result)
    } finally {
      if (--this.#inFlight === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve()
    }
  }
}
