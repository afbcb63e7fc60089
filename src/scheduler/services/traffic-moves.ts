import { withForwardWeights, type RuleAction } from '../../core/model/rule-action.js'
import type { ServiceDeploymentRecord } from '../../core/model/service.js'
import { nextTrafficShift, rolledBackShift, ruleWeights } from './traffic-shift.js'

/**
 * What a blue/green, linear or canary service deployment does to reconcileService's pass (pure):
 * whether blue's tasks are held (not replaced by the rolling step), the stage's next move, and
 * the rule weights that follow from it. A ROLLING service deployment has no `trafficShift`
 * and none of this applies.
 */

/** True while blue must keep running untouched: a shift in progress that has not reached CLEAN_UP. */
export const holdsBlue = (sd: ServiceDeploymentRecord | undefined): boolean =>
  sd?.trafficShift !== undefined && sd.status === 'IN_PROGRESS' && sd.trafficShift.stage !== 'CLEAN_UP'

export interface TrafficMoves {
  /** The service deployment with its new stage or weights, when they moved. */
  serviceDeployment?: ServiceDeploymentRecord
  /** Rules whose forward weights differ from what the stage asks: their new actions. */
  rules: { ruleArn: string; actions: RuleAction[] }[]
  wakeAt?: number
}

/**
 * Moves the shift on (IN_PROGRESS) or back to blue (ROLLBACK_IN_PROGRESS), and writes the
 * weights that go with it. Rules are written only while the service deployment is unfinished:
 * once it ends, nothing holds them (an outside ModifyRule stands, as with ECS).
 */
export function trafficMoves(
  sd: ServiceDeploymentRecord | undefined,
  greenReady: boolean,
  rules: ReadonlyMap<string, readonly RuleAction[]>,
  now: number,
  /** RECONCILE_SERVICE: an interrupted shift's other revision still has live tasks. */
  othersLive = false,
): TrafficMoves {
  const shift = sd?.trafficShift
  if (!sd || !shift) return { rules: [] }
  let state = shift
  let wakeAt: number | undefined
  if (sd.status === 'IN_PROGRESS') {
    const d = nextTrafficShift({ state: shift, settings: sd.deploymentConfiguration, greenReady, othersLive, now })
    state = d.state
    wakeAt = d.wakeAt
  } else if (sd.status === 'ROLLBACK_IN_PROGRESS') {
    state = rolledBackShift(shift, now) ?? shift
  } else {
    return { rules: [] }
  }
  const writes: TrafficMoves['rules'] = []
  for (const { ruleArn, weights } of ruleWeights(state)) {
    const current = rules.get(ruleArn)
    const actions = current && withForwardWeights(current, weights)
    if (actions) writes.push({ ruleArn, actions })
  }
  return {
    ...(state !== shift ? { serviceDeployment: { ...sd, trafficShift: state, updatedAt: now } } : {}),
    rules: writes,
    ...(wakeAt !== undefined ? { wakeAt } : {}),
  }
}
