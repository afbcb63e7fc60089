import type { NotScaledReason } from '../core/aws-model/application-autoscaling.types.js'
import type { AlarmRecord } from '../core/model/alarm.js'
import { DEFAULT_COOLDOWN_SECONDS, type ScalableTargetRecord, type ScalingActivityRecord, type ScalingPolicyRecord } from '../core/model/scaling.js'
import { alarmCause } from './activity-text.js'
import { clamp, selectStep, stepDesired, trackingDesired } from './arithmetic.js'
import { isHighAlarm, isLowAlarm } from './target-tracking-alarms.js'

/**
 * What dynamic scaling does for one scalable target now: a pure function of the target, the
 * service's desired count, its policies with the state of their alarms and the latest value
 * of each alarm's metric, the target's recent activities (cooldowns) and the time.
 *
 *   policy proposals ─► scale out? the largest out wins (any policy may add capacity)
 *                    └► else scale in: the smallest removal wins (AWS's bias: keep capacity)
 *                    ─► cooldown ─► clamp to [min, max] ─► scale, or "not scaled" with a reason
 */
export interface PolicyState {
  policy: ScalingPolicyRecord
  /** Target tracking: the alarms it owns; step scaling: the alarms whose actions name it. */
  alarms: readonly { alarm: AlarmRecord; metric: number | undefined }[]
}

export interface DecideInput {
  target: ScalableTargetRecord
  desired: number
  policies: readonly PolicyState[]
  /** The target's recent activities, newest first. */
  activities: readonly ScalingActivityRecord[]
  now: number
}

export type Decision =
  | { kind: 'scale'; to: number; cause: string; policyName: string }
  | { kind: 'not-scaled'; attempted: number; cause: string; policyName: string; reason: NotScaledReason }

export interface DecideResult {
  decision?: Decision | undefined
  /** When a cooldown that held back a scaling ends: the next pass is due then. */
  wakeAt?: number | undefined
}

interface Proposal {
  to: number
  cause: string
  policyName: string
  /** Cooldown: how long since which activities. */
  cooldownMs: number
  cooldownSince: (a: ScalingActivityRecord) => boolean
}

export function decide(input: DecideInput): DecideResult {
  const out: Proposal[] = []
  const inward: Proposal[] = []
  for (const p of input.policies) for (const proposal of proposalsOf(p, input.desired)) (proposal.to > input.desired ? out : inward).push(proposal)
  const s = input.target.suspended
  if (out.length > 0 && !s.dynamicScalingOut) return settle(input, largest(out), 'out')
  if (out.length === 0 && inward.length > 0 && !s.dynamicScalingIn) return settle(input, largest(inward), 'in')
  return {}
}

function proposalsOf(state: PolicyState, desired: number): Proposal[] {
  const p = state.policy
  const firing = state.alarms.filter((a) => a.alarm.stateValue === 'ALARM' && a.alarm.actionsEnabled && a.metric !== undefined)
  const proposals: Proposal[] = []
  if (p.type === 'TargetTrackingScaling') {
    for (const { alarm, metric } of firing) {
      const to = trackingDesired(desired, metric!, p.targetValue)
      const cause = alarmCause(alarm.name, p.name)
      if (isHighAlarm(alarm.name) && to > desired) {
        // Scale-out cooldown: after a scale-out, no further one until it has taken effect.
        proposals.push({ to, cause, policyName: p.name, cooldownMs: seconds(p.scaleOutCooldown), cooldownSince: (a) => a.change > 0 })
      } else if (isLowAlarm(alarm.name) && !p.disableScaleIn && to < desired) {
        // Scale-in cooldown: after any scaling, no scale-in until it has passed.
        proposals.push({ to, cause, policyName: p.name, cooldownMs: seconds(p.scaleInCooldown), cooldownSince: (a) => a.change !== 0 })
      }
    }
    return proposals
  }
  const c = p.config
  for (const { alarm, metric } of firing) {
    const step = selectStep(c.StepAdjustments ?? [], metric! - alarm.threshold)
    if (!step) continue
    const to = stepDesired(desired, c.AdjustmentType ?? 'ChangeInCapacity', step.ScalingAdjustment, c.MinAdjustmentMagnitude)
    if (to === desired) continue
    // A step policy's cooldown is its own: it waits after its own scaling.
    proposals.push({ to, cause: alarmCause(alarm.name, p.name), policyName: p.name, cooldownMs: seconds(c.Cooldown), cooldownSince: (a) => a.change !== 0 && a.source?.kind === 'policy' && a.source.name === p.name })
  }
  return proposals
}

const seconds = (s: number | undefined) => (s ?? DEFAULT_COOLDOWN_SECONDS) * 1000

/** The proposal with the most capacity: the biggest scale-out, or the smallest scale-in. */
const largest = (ps: Proposal[]): Proposal => ps.reduce((a, b) => (b.to > a.to ? b : a))

function settle(input: DecideInput, p: Proposal, direction: 'out' | 'in'): DecideResult {
  const last = input.activities.find((a) => a.statusCode === 'Successful' && p.cooldownSince(a))
  if (last && input.now < last.startTime + p.cooldownMs) return { wakeAt: last.startTime + p.cooldownMs }
  const { minCapacity: min, maxCapacity: max } = input.target
  const to = clamp(p.to, min, max)
  if (to !== input.desired && (direction === 'out' ? to > input.desired : to < input.desired)) {
    return { decision: { kind: 'scale', to, cause: p.cause, policyName: p.policyName } }
  }
  const code = direction === 'out' ? 'AlreadyAtMaxCapacity' : 'AlreadyAtMinCapacity'
  const reason: NotScaledReason = { Code: code, ...(direction === 'out' ? { MaxCapacity: max } : { MinCapacity: min }), CurrentCapacity: input.desired }
  // Said once: an alarm that stays in ALARM at max capacity is one "not scaled", not one a minute.
  const newest = input.activities[0]
  if (newest?.notScaledReasons?.[0]?.Code === code && newest.cause === p.cause) return {}
  return { decision: { kind: 'not-scaled', attempted: p.to, cause: p.cause, policyName: p.policyName, reason } }
}
