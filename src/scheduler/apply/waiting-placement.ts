import type { PlacementConstraint, PlacementStrategy } from '../../core/aws-model/ecs.types.js'
import type { WaitingPlacement } from '../../core/model/task.js'
import { parsePlacementConstraints, parsePlacementStrategies, type PlacementConstraintSpec, type PlacementStrategySpec } from '../placement/index.js'

/**
 * What a task waiting in PROVISIONING keeps of its placement request (TaskRecord.waitingPlacement),
 * in ECS's wire form: the parsed forms hold a query tree that is no business of the store.
 * Both directions are lossless for what the parsers accept.
 */
export function toWaitingPlacement(
  autoScalingGroup: string,
  constraints: readonly PlacementConstraintSpec[],
  strategies: readonly PlacementStrategySpec[],
  requiredAttributes: readonly { name: string; value?: string | undefined }[],
): WaitingPlacement {
  return {
    autoScalingGroup,
    constraints: constraints.map((c): PlacementConstraint => (c.type === 'memberOf' ? { type: 'memberOf', expression: c.expression } : { type: 'distinctInstance' })),
    strategies: strategies.map((s): PlacementStrategy => {
      if (s.type === 'random') return { type: 'random' }
      if (s.type === 'binpack') return { type: 'binpack', field: s.field }
      return { type: 'spread', field: s.field === 'instanceId' ? 'instanceId' : `attribute:${s.attribute}` }
    }),
    requiredAttributes: requiredAttributes.map((a) => (a.value === undefined ? { name: a.name } : { name: a.name, value: a.value })),
  }
}

/** The parsed request back (they were checked when the task was created, so they parse). */
export function fromWaitingPlacement(w: WaitingPlacement): { constraints: PlacementConstraintSpec[]; strategies: PlacementStrategySpec[] } {
  return { constraints: parsePlacementConstraints(w.constraints), strategies: parsePlacementStrategies(w.strategies) }
}
