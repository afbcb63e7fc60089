import type { ManagedScaling } from '../core/aws-model/ecs.types.js'

/** One instance of an Auto Scaling group as managed scaling sees it. */
export interface GroupMember {
  id: string
  /** Epoch ms at which the group launched it. */
  launchedAt: number
  /** Registered with the cluster and its agent connected: tasks can be placed on it. */
  joined: boolean
  /** Tasks on it that are not STOPPED (a daemon's count the same: Berth has no daemons). */
  tasks: number
}

/** What one waiting task needs (CPU units, MiB). */
export interface Demand {
  cpu: number
  memory: number
}

export interface ScalingInput {
  settings: Required<ManagedScaling>
  minSize: number
  maxSize: number
  members: readonly GroupMember[]
  /** Tasks of this provider that fit on no instance now (ECS's tasks in PROVISIONING). */
  waiting: readonly Demand[]
  /** What one new instance of the group registers. */
  instanceSize: Demand
  /** Since when the group has been larger than it needs (undefined: it is not). */
  overSince: number | undefined
  /** How long the group must have been larger than it needs before it scales in. */
  scaleInAfterMs: number
  now: number
}

export type ScalingAction =
  | { kind: 'none'; reason: string }
  | { kind: 'launch'; count: number }
  | { kind: 'terminate'; members: string[] }

export interface ScalingDecision {
  /** CapacityProviderReservation, in percent. */
  reservation: number
  /** M: instances the tasks need; N: instances the group has. */
  needed: number
  size: number
  desiredSize: number
  action: ScalingAction
  overSince: number | undefined
}

/**
 * ECS's CapacityProviderReservation (the cluster auto scaling guide): M / N × 100, where N is
 * the instances the group has and M the instances its tasks need — those running a task,
 * plus what the waiting (PROVISIONING) tasks would need on new instances. N = 0 gives 100
 * when nothing is needed and 200 when something is, so an empty group with work scales out.
 */
export function capacityProviderReservation(needed: number, size: number): number {
  if (size === 0) return needed === 0 ? 100 : 200
  return (needed / size) * 100
}

/**
 * Managed scaling's decision for one group (pure; the clock is `now`). The group's size that
 * puts the reservation at targetCapacity is ceil(M × 100 / target), within min and max size.
 *   Larger: launch at least minimumScalingStepSize and at most maximumScalingStepSize
 *     instances (never past max size), unless an instance it launched has not joined yet and
 *     is within instanceWarmupPeriod (its capacity is on its way; ECS leaves warming instances
 *     out of the metric the same way).
 *   Smaller: once the group has been too large for scaleInAfterMs (ECS's target tracking waits
 *     15 minutes of low readings), terminate instances running no task, up to the surplus —
 *     never one with a task, as managed termination protection keeps them; nothing while a task waits.
 * Worked example: target 100, 2 instances both busy, 3 tasks waiting that fill one instance
 * each → M = 2 + 3 = 5, N = 2, reservation 250 %, desired 5: launch 3 (max step 10000).
 */
export function decideScaling(input: ScalingInput): ScalingDecision {
  const { settings, members, now } = input
  const busy = members.filter((m) => m.tasks > 0).length
  const needed = busy + instancesFor(input.waiting, input.instanceSize)
  const size = members.length
  const reservation = capacityProviderReservation(needed, size)
  const desiredSize = clamp(Math.ceil((needed * 100) / settings.targetCapacity), input.minSize, input.maxSize)
  const decision = (action: ScalingAction, overSince: number | undefined): ScalingDecision => ({ reservation, needed, size, desiredSize, action, overSince })

  if (desiredSize > size) {
    const warming = members.some((m) => !m.joined && now - m.launchedAt < settings.instanceWarmupPeriod * 1000)
    if (warming) return decision({ kind: 'none', reason: 'an instance launched earlier is still warming up' }, undefined)
    const step = clamp(desiredSize - size, settings.minimumScalingStepSize, settings.maximumScalingStepSize)
    return decision({ kind: 'launch', count: Math.min(step, input.maxSize - size) }, undefined)
  }
  if (desiredSize === size) return decision({ kind: 'none', reason: 'at target' }, undefined)
  if (input.waiting.length > 0) return decision({ kind: 'none', reason: 'tasks are waiting for capacity' }, undefined)
  const overSince = input.overSince ?? now
  if (now - overSince < input.scaleInAfterMs) return decision({ kind: 'none', reason: 'waiting before scaling in' }, overSince)
  const idle = members.filter((m) => m.joined && m.tasks === 0).map((m) => m.id)
  const surplus = idle.slice(-(size - desiredSize))
  if (surplus.length === 0) return decision({ kind: 'none', reason: 'every surplus instance runs a task (termination protection)' }, overSince)
  return decision({ kind: 'terminate', members: surplus }, undefined)
}

/**
 * How many fresh instances the waiting tasks fill, first fit in the order given. A task larger
 * than an instance needs none: no instance of this group can ever run it.
 */
export function instancesFor(waiting: readonly Demand[], size: Demand): number {
  const bins: Demand[] = []
  for (const task of waiting) {
    if (task.cpu > size.cpu || task.memory > size.memory) continue
    const bin = bins.find((b) => b.cpu >= task.cpu && b.memory >= task.memory)
    if (bin) {
      bin.cpu -= task.cpu
      bin.memory -= task.memory
    } else {
      bins.push({ cpu: size.cpu - task.cpu, memory: size.memory - task.memory })
    }
  }
  return bins.length
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n))
