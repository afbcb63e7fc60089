import type { StatisticSet } from './metric-store.js'

/**
 * The resolutions the store keeps, finest first, and how long each is held. High-resolution
 * observations (StorageResolution 1) are also kept per second; every observation goes into
 * the 10-second and the 1-minute rollups. Only the rollups are persisted (sqlite-rollups.ts).
 */
export const RESOLUTIONS = [
  { seconds: 1, retentionMs: 3 * 3_600_000, highResolutionOnly: true, persisted: false },
  { seconds: 10, retentionMs: 3 * 3_600_000, highResolutionOnly: false, persisted: true },
  { seconds: 60, retentionMs: 26 * 3_600_000, highResolutionOnly: false, persisted: true },
] as const

export type ResolutionSeconds = (typeof RESOLUTIONS)[number]['seconds']

/** A bucket's start: `t` rounded down to a multiple of `seconds` since the epoch. */
export const bucketStart = (t: number, seconds: number): number => Math.floor(t / (seconds * 1000)) * seconds * 1000

/** Two statistic sets as one (pure). */
export function merge(a: StatisticSet, b: StatisticSet): StatisticSet {
  return {
    sampleCount: a.sampleCount + b.sampleCount,
    sum: a.sum + b.sum,
    minimum: Math.min(a.minimum, b.minimum),
    maximum: Math.max(a.maximum, b.maximum),
  }
}

/**
 * The resolution a query of `periodSeconds` over data from `startTime` is answered from: the
 * finest one that divides the period and still holds the range's start; when none holds it,
 * the coarsest dividing one (it answers what it still has). The per-second one holds only
 * high-resolution observations, so it answers only periods no other divides (1, 5, 7 s...).
 * Undefined when no resolution divides the period (the API refuses such periods before asking).
 */
export function pickResolution(periodSeconds: number, startTime: number, now: number): ResolutionSeconds | undefined {
  const divides = RESOLUTIONS.filter((r) => Number.isInteger(periodSeconds) && periodSeconds % r.seconds === 0)
  const complete = divides.filter((r) => !r.highResolutionOnly)
  const dividing = complete.length > 0 ? complete : divides
  const holding = dividing.find((r) => startTime >= now - r.retentionMs)
  return (holding ?? dividing.at(-1))?.seconds
}
