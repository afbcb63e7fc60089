import type { ClassifiedTask } from './classify.js'

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
    perInstance.set(c.task.containerInstanceArn, (perInstance.get(c.task.containerInstanceArn) ?? 0) + 1)
  }
  const draining = (c: ClassifiedTask) => (c.instance?.status === 'DRAINING' ? 0 : 1)
  return [...candidates].sort(
    (a, b) =>
      HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health] ||
      draining(a) - draining(b) ||
      (perZone.get(b.zone ?? '') ?? 0) - (perZone.get(a.zone ?? '') ?? 0) ||
      (perInstance.get(b.task.containerInstanceArn) ?? 0) - (perInstance.get(a.task.containerInstanceArn) ?? 0) ||
      b.task.createdAt - a.task.createdAt ||
      a.task.arn.localeCompare(b.task.arn),
  )
}
