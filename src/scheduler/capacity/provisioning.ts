import type { TaskStopCode } from '../../core/aws-model/ecs.types.js'
import { AUTO_SCALING_GROUP_ATTRIBUTE } from '../../core/model/capacity-provider.js'
import type { TaskRecord } from '../../core/model/task.js'
import { fromWaitingPlacement } from '../apply/waiting-placement.js'
import { ECS_FAILURE_REASONS, indexCluster, place, type CandidateInstance, type Unplaced } from '../placement/index.js'

export interface ProvisioningInput {
  /** Tasks waiting in PROVISIONING with no instance (isWaitingForCapacity), oldest first. */
  waiting: readonly TaskRecord[]
  /** Per cluster ARN, its registered instances as placement sees them (loadCandidates). */
  candidates: ReadonlyMap<string, readonly CandidateInstance[]>
  now: number
  /** How long a task may wait (PROVISIONING_TIMEOUT_MS). */
  timeoutMs: number
}

export type ProvisioningAction =
  /** Capacity came up: the task goes to this instance (its agent then starts it). */
  | { kind: 'place'; task: TaskRecord; instance: CandidateInstance }
  /** Stopped while waiting, or waited too long: it ends STOPPED with no agent involved. */
  | { kind: 'stop'; task: TaskRecord; stopCode: TaskStopCode; stoppedReason: string }

export interface ProvisioningDecision {
  actions: ProvisioningAction[]
  /** When the first task still waiting times out, if nothing else happens first. */
  wakeAt: number | undefined
}

/**
 * What becomes of the tasks waiting for capacity (pure; the clock is `now`). In creation order,
 * each is placed by the existing placement pipeline on the instances of its Auto Scaling group
 * (attribute berth.auto-scaling-group) with its own constraints and strategies, the instances
 * it takes losing what it reserves before the next task is looked at. One that fits nowhere
 * keeps waiting until `timeoutMs` after its creation, then stops as ECS stops it: stopCode
 * TaskFailedToStart, stoppedReason `TaskFailedToStart: <why>` in the words of ECS's "API failure
 * reasons" page — EMPTY CAPACITY PROVIDER when the group has no instance in the cluster, NO
 * ACTIVE INSTANCES when none is ACTIVE, else the closest instance's reason (RESOURCE:MEMORY, …).
 * A task already told to stop (desiredStatus STOPPED: the service scheduler scaled in) ends
 * now with the stop code and reason it was given.
 */
export function decideProvisioning(input: ProvisioningInput): ProvisioningDecision {
  const free = new Map([...input.candidates].map(([cluster, list]) => [cluster, [...list]]))
  const actions: ProvisioningAction[] = []
  let wakeAt: number | undefined
  for (const task of input.waiting) {
    if (task.desiredStatus === 'STOPPED') {
      actions.push({ kind: 'stop', task, stopCode: task.stopCode ?? 'ServiceSchedulerInitiated', stoppedReason: task.stoppedReason ?? '' })
      continue
    }
    const w = task.waitingPlacement
    const instances = free.get(task.clusterArn) ?? []
    const group = w ? instances.filter((i) => i.attributes.some((a) => a.name === AUTO_SCALING_GROUP_ATTRIBUTE && a.value === w.autoScalingGroup)) : []
    let unplaced: Unplaced | undefined
    if (w && group.length > 0) {
      const { constraints, strategies } = fromWaitingPlacement(w)
      const demand = { ...task.reservation, group: task.group, requiredAttributes: w.requiredAttributes }
      const [p] = place(indexCluster(group), { demand, count: 1, constraints, strategies, seed: task.arn }).tasks
      if (p?.kind === 'placed') {
        actions.push({ kind: 'place', task, instance: p.instance })
        const i = instances.indexOf(p.instance)
        instances[i] = taken(p.instance, task)
        continue
      }
      unplaced = p
    }
    const deadline = task.createdAt + input.timeoutMs
    if (input.now >= deadline) {
      actions.push({ kind: 'stop', task, stopCode: 'TaskFailedToStart', stoppedReason: `TaskFailedToStart: ${whyNoRoom(group, unplaced)}` })
    } else {
      wakeAt = wakeAt === undefined ? deadline : Math.min(wakeAt, deadline)
    }
  }
  return { actions, wakeAt }
}

function whyNoRoom(group: readonly CandidateInstance[], unplaced: Unplaced | undefined): string {
  if (group.length === 0) return 'EMPTY CAPACITY PROVIDER'
  if (group.every((i) => i.status !== 'ACTIVE')) return 'NO ACTIVE INSTANCES'
  return unplaced?.closest ? ECS_FAILURE_REASONS[unplaced.closest.reason] : 'EMPTY CAPACITY PROVIDER'
}

/** The instance once the task is on it: what it reserves is gone, and it counts in its group. */
function taken(i: CandidateInstance, task: TaskRecord): CandidateInstance {
  const r = task.reservation
  return {
    ...i,
    remainingCpu: i.remainingCpu - r.cpu,
    remainingMemory: i.remainingMemory - r.memory,
    tcpPortsInUse: new Set([...i.tcpPortsInUse, ...r.tcpPorts]),
    udpPortsInUse: new Set([...i.udpPortsInUse, ...r.udpPorts]),
    taskGroups: [...i.taskGroups, task.group],
  }
}
