import type { AdjustmentType, StepAdjustment } from '../core/aws-model/application-autoscaling.types.js'

/**
 * The arithmetic of scaling, pure. Worked numbers are in arithmetic.test.ts.
 *
 * Target tracking sizes capacity in proportion to the metric: a service of 2 tasks at 80 %
 * CPU with a 50 % target needs ceil(2 × 80 / 50) = ceil(3.2) = 4 tasks. Rounding up keeps it
 * at or under the target after the change; on scale-in it removes less (4 tasks at 30 %:
 * ceil(2.4) = 3, not 2), which is AWS's bias too: add fast, remove slowly.
 */
export function trackingDesired(current: number, metric: number, target: number): number {
  // A service at 0 tasks reports no utilization; a custom metric (a queue) can still call for
  // tasks: size it as if one ran.
  const base = Math.max(current, 1)
  return Math.max(0, Math.ceil(round(base * metric / target)))
}

/** Products such as 3 × 50 / 50 must not land at 3.0000000000000004 and round up to 4. */
const round = (v: number) => Math.round(v * 1e9) / 1e9

/**
 * The step whose interval holds `breach` (the metric minus the alarm threshold): lower bound
 * inclusive, upper exclusive, a missing bound unbounded — AWS's rule.
 */
export function selectStep(steps: readonly StepAdjustment[], breach: number): StepAdjustment | undefined {
  return steps.find((s) => (s.MetricIntervalLowerBound ?? -Infinity) <= breach && breach < (s.MetricIntervalUpperBound ?? Infinity))
}

/**
 * A step's new capacity. PercentChangeInCapacity rounds as AWS documents: a change between 0
 * and 1 becomes 1 (between -1 and 0, -1), larger ones are truncated toward zero, and
 * MinAdjustmentMagnitude raises a smaller change to it.
 */
export function stepDesired(current: number, type: AdjustmentType, adjustment: number, minMagnitude?: number): number {
  if (type === 'ExactCapacity') return adjustment
  if (type === 'ChangeInCapacity') return current + adjustment
  const raw = (current * adjustment) / 100
  let change = raw > 0 && raw < 1 ? 1 : raw < 0 && raw > -1 ? -1 : Math.trunc(raw)
  if (minMagnitude !== undefined && change !== 0 && Math.abs(change) < minMagnitude) change = Math.sign(change) * minMagnitude
  return current + change
}

export const clamp = (n: number, min: number, max: number): number => Math.min(max, Math.max(min, n))
