import type { Clock } from '../../../core/clock.js'
import { EcsErrors } from '../../../core/errors.js'

interface Entry<T> {
  /** The request without its token: a reuse with anything else is a conflict. */
  fingerprint: string
  /** The call in flight (a retry that races it waits for it), then its answer. */
  outcome: Promise<T>
  settledAt?: number
}

/** How long a token is remembered after its call ended (AWS services keep theirs 8 hours). */
export const CLIENT_TOKEN_TTL_MS = 8 * 60 * 60 * 1000
/** Tokens remembered at most; the oldest are forgotten first. */
const MAX_TOKENS = 10_000

/**
 * RunTask's idempotency (ECS_Idempotency): SDKs put a fresh `clientToken` in every RunTask and
 * keep it across their retries. A retry of a call that ran gets that call's answer and starts
 * nothing; the token with other parameters is a ConflictException naming the tasks it started.
 *
 * Tokens live in the control plane's memory, not the store: a retry that crosses a restart of
 * the control plane starts its tasks again. A call that failed leaves no token behind, so a
 * retry of it runs.
 */
export class ClientTokens<T> {
  readonly #entries = new Map<string, Entry<T>>()
  readonly #clock: Clock
  readonly #started: (answer: T) => string[]

  /** `started` names the tasks an answer started, for the ConflictException. */
  constructor(clock: Clock, started: (answer: T) => string[]) {
    this.#clock = clock
    this.#started = started
  }

  /**
   * Runs `start` once per token: later calls with the same token and fingerprint get its
   * answer (waiting for it while it runs); with another fingerprint, a ConflictException.
   */
  async once(token: string, fingerprint: string, start: () => Promise<T>): Promise<T> {
    this.#forgetExpired()
    const known = this.#entries.get(token)
    if (known) {
      if (known.fingerprint !== fingerprint) {
        const answer = await known.outcome.catch(() => undefined)
        throw EcsErrors.clientTokenConflict(answer === undefined ? [] : this.#started(answer))
      }
      return known.outcome
    }
    const entry: Entry<T> = { fingerprint, outcome: start() }
    this.#entries.set(token, entry)
    try {
      const outcome = await entry.outcome
      entry.settledAt = this.#clock.now()
      return outcome
    } catch (e) {
      this.#entries.delete(token)
      throw e
    }
  }

  #forgetExpired(): void {
    const cutoff = this.#clock.now() - CLIENT_TOKEN_TTL_MS
    // A Map iterates in insertion order: the oldest come first.
    for (const [token, e] of this.#entries) {
      if (this.#entries.size <= MAX_TOKENS && (e.settledAt === undefined || e.settledAt > cutoff)) break
      if (e.settledAt !== undefined) this.#entries.delete(token)
    }
  }
}
