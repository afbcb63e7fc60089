import type { ContainerInstanceRecord } from '../../core/model/container-instance.js'
import type { ServiceRecord } from '../../core/model/service.js'
import { isProtected } from '../../core/model/task-protection.js'
import type { ClassifiedTask } from './classify.js'
import { zoneOf } from '../../core/model/attribute.js'
import { ServiceEvents } from './messages.js'
import { stopOrder } from './select.js'
import type { ServiceSnapshot } from './snapshot.js'

/**
 * Availability Zone balance (pure). A service is balanced when no zone holds more than one
 * task more than another: "dividing the service's desired task count by the number of
 * configured Availability Zones ... distributes the remainder" (ECS). The zones are those of
 * the cluster's ACTIVE instances whose agents are connected: where a task could go.
 */
export function serviceZones(instances: readonly ContainerInstanceRecord[]): string[] {
  const zones = new Set<string>()
  for (const i of instances) {
    const zone = zoneOf(i)
    if (zone !== undefined && i.status === 'ACTIVE' && i.agentConnected) zones.add(zone)
  }
  return [...zones].sort()
}

/** How many of the tasks each zone holds, every zone listed (zones without tasks at 0), in zone order. */
export function zoneCounts(zones: readonly string[], tasks: readonly ClassifiedTask[]): [string, number][] {
  const counts = new Map(zones.map((z) => [z, 0]))
  for (const t of tasks) if (t.zone !== undefined && counts.has(t.zone)) counts.set(t.zone, counts.get(t.zone)! + 1)
  return [...counts.entries()]
}

/** The move that evens zones out by one task, from the fullest to the emptiest; none when balanced. */
export function rebalanceMove(counts: readonly [string, number][]): { from: string; to: string } | undefined {
  if (counts.length < 2) return undefined
  let most = counts[0]!
  let least = counts[0]!
  for (const c of counts) {
    if (c[1] > most[1]) most = c
    if (c[1] < least[1]) least = c
  }
  return most[1] - least[1] > 1 ? { from: most[0], to: least[0] } : undefined
}

/**
 * Availability Zone rebalancing (availabilityZoneRebalancing ENABLED): when a steady service's
 * zones differ by more than one task, one task moves from the fullest zone to the emptiest: a
 * keeper there becomes outgoing and its replacement starts in the emptiest zone; once that one
 * is healthy, the bounds let the outgoing one stop. Keepers beyond the desired count while it
 * is under way leave from the fullest zone.
 */
export function planRebalance(s: ServiceSnapshot, service: ServiceRecord, keepers: ClassifiedTask[], outgoing: ClassifiedTask[], desired: number) {
  const none = { service, events: [] as string[], moving: new Set<ClassifiedTask>(), toZone: undefined as string | undefined }
  if (service.availabilityZoneRebalancing !== 'ENABLED' || service.schedulingStrategy !== 'REPLICA' || service.status !== 'ACTIVE') return none
  // Fargate tasks run in the pool's zones, not the cluster's instances': nothing here to even out.
  if (service.launchType === 'FARGATE') return none
  if (service.deployments.length !== 1 || outgoing.length > 0 || service.deployments[0]!.rolloutState !== 'COMPLETED') return none
  const zones = serviceZones(s.cluster.instances)
  const counts = zoneCounts(zones, keepers)
  const allHealthy = keepers.every((c) => c.health === 'healthy')
  const events: string[] = []
  let rebalancing = service.scheduler.rebalancing
  const move = rebalanceMove(counts)
  if (!rebalancing && move && allHealthy && keepers.length === desired) {
    rebalancing = true
    events.push(ServiceEvents.notAzBalanced(service.name, counts))
  }
  const moving = new Set<ClassifiedTask>()
  let toZone: string | undefined
  if (rebalancing) {
    const take = (zone: string) => {
      // A healthy task moves (its replacement may be the one still starting), as ECS stops them.
      // A task under scale-in protection is not moved: moving it would stop it.
      const inZone = keepers.filter((k) => k.zone === zone && !isProtected(k.task, s.now))
      const c = stopOrder(inZone.filter((k) => k.health === 'healthy'), keepers)[0] ?? stopOrder(inZone, keepers)[0]
      if (!c) return
      moving.add(c)
      keepers.splice(keepers.indexOf(c), 1)
      c.role = 'outgoing'
      outgoing.push(c)
    }
    for (let surplus = keepers.length - desired; surplus > 0; surplus--) {
      const fullest = [...zoneCounts(zones, keepers)].sort((a, b) => b[1] - a[1])[0]
      if (fullest) take(fullest[0])
    }
    const next = moving.size === 0 ? rebalanceMove(zoneCounts(zones, keepers)) : undefined
    if (next) {
      take(next.from)
      toZone = next.to
    } else if (moving.size === 0 && allHealthy && keepers.length === desired) {
      rebalancing = false
      events.push(ServiceEvents.azBalanced(service.name, zoneCounts(zones, keepers)))
    }
  }
  const next = rebalancing === service.scheduler.rebalancing ? service : { ...service, scheduler: { ...service.scheduler, rebalancing } }
  return { service: next, events, moving, toZone }
}
