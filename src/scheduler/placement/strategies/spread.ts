import type { PlacementState } from '../state.js'
import type { Ranker } from './ranker.js'

/**
 * spread on instanceId (or host) or an attribute: "Service tasks are spread based on the tasks
 * from that service. Standalone tasks are spread based on the tasks from the same task group"
 * (ECS guide) — both are the demand's group. The rank is how many tasks of the group hold the
 * instance's value: per instance for instanceId, summed over every candidate instance with the
 * same attribute value otherwise, this request's tasks included.
 *
 * An instance without the attribute ranks after every instance that has it: strategies are
 * best effort, so it still takes tasks, but only when no instance with a value can.
 */
export function spreadRanker(s: PlacementState, field: { attribute: string } | 'instanceId'): Ranker {
  if (field === 'instanceId') return { rank: (i) => s.groupCount(i) }
  const { bucketOf } = s.cluster.buckets(field.attribute)
  // Tasks of the group per attribute value; the snapshot's counts, then this request's.
  const tasks = s.cluster.bucketTasks(field.attribute, s.demand.group)
  return {
    rank: (i) => {
      const b = bucketOf[i]!
      return b < 0 ? Infinity : tasks[b]!
    },
    placed: (i) => {
      const b = bucketOf[i]!
      if (b >= 0) tasks[b]! += 1
    },
  }
}
