import type { DeploymentSettings, TrafficShiftRecord } from '../../core/model/service.js'

/**
 * Blue/green, linear and canary deployments (pure): which lifecycle stage a service deployment
 * is in, green's share of production and test traffic, and when time alone moves it on.
 * One move per pass; the scheduler runs again at once (`wakeAt` = now) or when a bake is over.
 *
 *   [RECONCILE_SERVICE: until no third revision runs] ─► PRE_SCALE_UP ─► SCALE_UP
 *     ─(green all healthy)─► POST_SCALE_UP ─► TEST_TRAFFIC_SHIFT (test rule → green; only with one)
 *     ─► POST_TEST_TRAFFIC_SHIFT ─► PRODUCTION_TRAFFIC_SHIFT: each step of productionSteps(),
 *        waiting stepBakeMs() between steps below 100 (green healthy before each)
 *     ─► POST_PRODUCTION_TRAFFIC_SHIFT ─► BAKE_TIME (bakeTimeInMinutes) ─► CLEAN_UP
 *
 * The POST_ stages are where ECS runs lifecycle hooks; Berth has none, so each lasts one pass
 * (DescribeServiceDeployments may still catch one).
 *
 * CLEAN_UP is where the rolling machinery takes over again: blue's tasks are outgoing and are
 * drained and stopped; the deployment is SUCCESSFUL once they are gone (progress.ts).
 */

const MINUTE_MS = 60_000

/**
 * Green's production shares, percent, in order; the last is 100.
 *   BLUE_GREEN: [100]
 *   LINEAR 10:  [10, 20, …, 90, 100];  LINEAR 33: [33, 66, 99, 100] (the last step clamped)
 *   CANARY 5:   [5, 100]
 * Counted in tenths (the settings' grid) so that 3.3 × 30 is 99, not 98.99999999999999.
 */
export function productionSteps(s: Pick<DeploymentSettings, 'strategy' | 'linearConfiguration' | 'canaryConfiguration'>): number[] {
  if (s.strategy === 'LINEAR') {
    const tenths = Math.round((s.linearConfiguration?.stepPercent ?? 10) * 10)
    const out: number[] = []
    for (let t = tenths; t < 1000; t += tenths) out.push(t / 10)
    return [...out, 100]
  }
  if (s.strategy === 'CANARY') {
    const p = s.canaryConfiguration?.canaryPercent ?? 5
    return p >= 100 ? [100] : [p, 100]
  }
  return [100]
}

/** The wait after a production step below 100: "not applied after reaching 100 percent traffic". */
export function stepBakeMs(s: Pick<DeploymentSettings, 'strategy' | 'linearConfiguration' | 'canaryConfiguration'>): number {
  if (s.strategy === 'LINEAR') return (s.linearConfiguration?.stepBakeTimeInMinutes ?? 6) * MINUTE_MS
  if (s.strategy === 'CANARY') return (s.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10) * MINUTE_MS
  return 0
}

export interface ShiftInput {
  state: TrafficShiftRecord
  settings: DeploymentSettings
  /** The target revision runs its desired count, every task healthy (its targets too). */
  greenReady: boolean
  /**
   * RECONCILE_SERVICE only: a revision other than blue and green still has live tasks (the
   * green of a shift a newer deployment interrupted). Absent: none.
   */
  othersLive?: boolean
  now: number
}

export interface ShiftDecision {
  /** The same object when nothing moved. */
  state: TrafficShiftRecord
  /** When to look again: now after a move (the next may follow at once), or a bake's end. */
  wakeAt?: number
}

/** One move of a service deployment in progress along its stages (pure). */
export function nextTrafficShift({ state, settings, greenReady, othersLive = false, now }: ShiftInput): ShiftDecision {
  const to = (stage: TrafficShiftRecord['stage'], over: Partial<TrafficShiftRecord> = {}): ShiftDecision => ({
    state: { ...state, ...over, stage, stageSince: now },
    wakeAt: now,
  })
  const wait = (until: number): ShiftDecision => ({ state, wakeAt: until })
  const steps = productionSteps(settings)
  switch (state.stage) {
    case 'RECONCILE_SERVICE':
      return othersLive ? { state } : to('PRE_SCALE_UP')
    case 'PRE_SCALE_UP':
      return to('SCALE_UP')
    case 'SCALE_UP':
      return greenReady ? to('POST_SCALE_UP') : { state }
    case 'POST_SCALE_UP':
      if (!greenReady) return { state }
      return state.testRuleArn !== undefined ? to('TEST_TRAFFIC_SHIFT', { testWeight: 100 }) : to('PRODUCTION_TRAFFIC_SHIFT', { productionWeight: steps[0]! })
    case 'TEST_TRAFFIC_SHIFT':
      return to('POST_TEST_TRAFFIC_SHIFT')
    case 'POST_TEST_TRAFFIC_SHIFT':
      return greenReady ? to('PRODUCTION_TRAFFIC_SHIFT', { productionWeight: steps[0]! }) : { state }
    case 'POST_PRODUCTION_TRAFFIC_SHIFT':
      return to('BAKE_TIME')
    case 'PRODUCTION_TRAFFIC_SHIFT': {
      if (state.productionWeight >= 100) return to('POST_PRODUCTION_TRAFFIC_SHIFT')
      const due = state.stageSince + stepBakeMs(settings)
      if (now < due) return wait(due)
      if (!greenReady) return { state }
      return to('PRODUCTION_TRAFFIC_SHIFT', { productionWeight: steps.find((w) => w > state.productionWeight) ?? 100 })
    }
    case 'BAKE_TIME': {
      const due = state.stageSince + settings.bakeTimeInMinutes * MINUTE_MS
      return now < due ? wait(due) : to('CLEAN_UP')
    }
    case 'CLEAN_UP':
      return { state }
  }
}

/** A rollback sends all production and test traffic back to blue at once (undefined: already there). */
export function rolledBackShift(state: TrafficShiftRecord, now: number): TrafficShiftRecord | undefined {
  if (state.productionWeight === 0 && state.testWeight === 0) return undefined
  return { ...state, productionWeight: 0, testWeight: 0, stageSince: now }
}

/**
 * Green's share as the integer weights ALB forwards by, summing to 100 (pure). ALB weights are
 * integers 0–999 and a 0.1-percent grid would need 1000, so: whole percents, rounded half up;
 * a share above 0 gets at least 1 and one below 100 at most 99, so a 0.5 % canary still reaches
 * green and a 99.9 % step still leaves blue its part until the last step.
 */
export function forwardWeights(greenPercent: number): { green: number; blue: number } {
  let green = Math.round(greenPercent)
  if (greenPercent > 0 && green < 1) green = 1
  if (greenPercent < 100 && green > 99) green = 99
  return { green, blue: 100 - green }
}

/** The weights each rule should forward with: production by green's share, test by its own. */
export function ruleWeights(state: TrafficShiftRecord): { ruleArn: string; weights: Map<string, number> }[] {
  const weightsFor = (percent: number) => {
    const w = forwardWeights(percent)
    return new Map([
      [state.blueTargetGroupArn, w.blue],
      [state.greenTargetGroupArn, w.green],
    ])
  }
  return [
    { ruleArn: state.productionRuleArn, weights: weightsFor(state.productionWeight) },
    ...(state.testRuleArn !== undefined ? [{ ruleArn: state.testRuleArn, weights: weightsFor(state.testWeight) }] : []),
  ]
}
