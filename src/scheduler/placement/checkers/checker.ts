import type { RejectReason } from '../reasons.js'
import type { PlacementState } from '../state.js'

/**
 * One feasibility check: why instance `i`, as it stands in this request's state, cannot take
 * the task, or undefined when this check lets it through. Pure, and cheap: place() runs every
 * checker once per instance per request, then once more on each instance it places a task on.
 */
export type Checker = (s: PlacementState, i: number) => RejectReason | undefined
