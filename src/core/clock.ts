/** Time is injected so that decision code never reads the wall clock itself. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private ms = Date.UTC(2026, 0, 1)) {}
  now(): number {
    return this.ms
  }
  advance(ms: number): void {
    this.ms += ms
  }
}

/** ECS puts timestamps on the wire as epoch seconds, with a fraction. */
export const toEpochSeconds = (ms: number): number => ms / 1000

/** A timestamp a client sent: epoch seconds (what the SDKs send) or ISO 8601, as milliseconds. */
export const fromWireTimestamp = (v: number | string): number => (typeof v === 'number' ? v * 1000 : Date.parse(v))
