export { indexCluster, type PlacementCluster } from './cluster.js'
export { describeUnplaced, toEcsFailures } from './messages.js'
export {
  MAX_PLACEMENT_CONSTRAINTS,
  MAX_PLACEMENT_STRATEGIES,
  combinePlacementConstraints,
  parsePlacementConstraints,
  parsePlacementStrategies,
  parseTaskDefinitionPlacementConstraints,
} from './parse.js'
export { place } from './place.js'
export { CLOSEST_INSTANCE_PHRASES, ECS_FAILURE_REASONS, REJECT_REASONS, type RejectReason } from './reasons.js'
export type {
  CandidateInstance,
  DistinctInstanceConstraint,
  MemberOfConstraint,
  Placed,
  PlacementConstraintSpec,
  PlacementRequest,
  PlacementResult,
  PlacementStrategySpec,
  Rejection,
  TaskDemand,
  TaskPlacement,
  Unplaced,
} from './types.js'
