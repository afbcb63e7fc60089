import type { PlacementState } from '../state.js'
import type { Ranker } from './ranker.js'

/**
 * binpack on cpu or memory: "places tasks on available candidates that have the least
 * available amount of the resource ... but still enough to run the task" (ECS API reference).
 * The rank is what the instance has left, so the fullest instance that fits comes first and
 * fills up before the next one is used.
 */
export function binpackRanker(s: PlacementState, field: 'cpu' | 'memory'): Ranker {
  return field === 'cpu' ? { rank: (i) => s.remainingCpu(i) } : { rank: (i) => s.remainingMemory(i) }
}
