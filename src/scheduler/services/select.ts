import { isProtected } from '../../core/model/task-protection.js'
import type { ClassifiedTask } from './classify.js'
import type { RolloutStep } from './rollout.js'

const HEALTH_ORDER = { pending: 0, starting: 1, unhealthy: 2, healthy: 3 } as const

/**
 * The order in which the scheduler stops tasks, the most stoppable first (pure): tasks not yet
 * healthy before healthy ones (pending first); tasks on DRAINING instances first; then, as ECS
 * keeps a service balanced when it stops tasks, those in the Availability Zone holding the most
 * of the service's tasks, then on the instance holding the most; then the newest; then by ARN,
 * so the same snapshot always stops the same tasks.
 */
export function stopOrder(candidates: readonly ClassifiedTask[], live: readonly ClassifiedTask[]): ClassifiedTask[] {
  const perZone = new Map<string, number>()
  const perInstance = new Map<string, number>()
  for (const c of live) {
    perZone.set(c.zone ?? '', (perZone.get(c.zone ?? '') ?? 0) + 1)
    perInstance.set(c.task.containerInstanceArn ?? '', (perInstance.get(c.task.containerInstanceArn ?? '') ?? 0) + 1)
  }
  const draining = (c: ClassifiedTask) => (c.instance?.status === 'DRAINING' ? 0 : 1)
  return [...candidates].sort(
    (a, b) =>
      HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health] ||
      draining(a) - draining(b) ||
      (perZone.get(b.zone ?? '') ?? 0) - (perZone.get(a.zone ?? '') ?? 0) ||
      (perInstance.get(b.task.containerInstanceArn ?? '') ?? 0) - (perInstance.get(a.task.containerInstanceArn ?? '') ?? 0) ||
      b.task.createdAt - a.task.createdAt ||
      a.task.arn.localeCompare(b.task.arn),
  )
}

/** What a rolling step stops, and what task scale-in protection kept it from stopping. */
export interface StopChoice {
  stops: ClassifiedTask[]
  /** Keepers beyond the desired count the step would have stopped, protected (scale-in held). */
  heldExcess: ClassifiedTask[]
  /** Outgoing tasks (an older deployment's) the step would have stopped, protected (the deployment waits). */
  heldOutgoing: ClassifiedTask[]
}

/**
 * The tasks a rolling step stops (pure): outgoing before excess keepers, each in stop order,
 * passing over tasks under scale-in protection (UpdateTaskProtection) at `now`: "tasks are
 * protected from termination during scale-in events from Service Autoscaling or deployments".
 * A protected task's place goes to the next unprotected task of the same kind and health; not
 * to one of another health, which would spend health budget the step did not grant. The
 * protected tasks that stood in the way are returned, so the caller can say so and wake when
 * the first protection ends.
 */
export function chooseStops(step: RolloutStep, keepers: readonly ClassifiedTask[], outgoing: readonly ClassifiedTask[], live: readonly ClassifiedTask[], now: number): StopChoice {
  const healthy = (c: ClassifiedTask) => c.health === 'healthy'
  const unhealthy = (c: ClassifiedTask) => !healthy(c)
  const out = stopOrder(outgoing, live)
  const excess = stopOrder(keepers, live)
  const stops: ClassifiedTask[] = []
  const pick = (ordered: ClassifiedTask[], want: number, held: ClassifiedTask[]) => {
    if (want <= 0) return
    const free = ordered.filter((c) => !isProtected(c.task, now))
    const chosen = free.slice(0, want)
    stops.push(...chosen)
    held.push(...ordered.filter((c) => isProtected(c.task, now)).slice(0, want - chosen.length))
  }
  const heldOutgoing: ClassifiedTask[] = []
  const heldExcess: ClassifiedTask[] = []
  pick(out.filter(unhealthy), step.stopUnhealthyOutgoing, heldOutgoing)
  pick(out.filter(healthy), step.stopHealthyOutgoing, heldOutgoing)
  pick(excess.filter(unhealthy), step.stopUnhealthyExcess, heldExcess)
  pick(excess.filter(healthy), step.stopHealthyExcess, heldExcess)
  return { stops, heldExcess, heldOutgoing }
}

/** When the first of the protections that held stops ends: the pass to come back at. */
export const firstProtectionEnd = (held: readonly ClassifiedTask[]): number | undefined =>
  held.length === 0 ? undefined : Math.min(...held.map((c) => c.task.protectedUntil!))
