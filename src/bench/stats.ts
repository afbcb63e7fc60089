/** Small statistics for benchmark samples. */

/** The p-th percentile (0–100) by nearest rank; NaN for no samples. */
export function percentile(samples: ArrayLike<number>, p: number): number {
  if (samples.length === 0) return NaN
  const sorted = Float64Array.from(samples).sort()
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

export const median = (values: readonly number[]): number => percentile(values, 50)

/** p50 and p99 of a set of latencies, in ms. */
export interface LatencySummary {
  count: number
  p50: number
  p99: number
}

export const summarize = (samples: ArrayLike<number>): LatencySummary => ({
  count: samples.length,
  p50: percentile(samples, 50),
  p99: percentile(samples, 99),
})
