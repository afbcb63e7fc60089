import type { ContainerInstanceRecord } from '../../core/model/container-instance.js'
import type { ClassifiedTask } from './classify.js'
import { zoneOf } from './classify.js'

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
