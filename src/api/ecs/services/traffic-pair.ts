import { findNamedRule } from '../../../core/model/elb-topology.js'
import type { RuleAction } from '../../../core/model/rule-action.js'
import { FINISHED_SERVICE_DEPLOYMENT, type ServiceDeploymentStatus, type ServiceRecord, type TrafficShiftRecord } from '../../../core/model/service.js'
import type { ReadTx } from '../../../state/store.js'

/**
 * Which target group of the pair takes production now (pure): the one the production rule
 * gives the larger weight; on a tie (a new service's rule forwarding to targetGroupArn alone,
 * or to neither) `targetGroupArn`. The new deployment goes into the other — so a new service's
 * first deployment goes into the alternate, as observed on AWS (elb-facts §7.3), and the pair
 * swap roles on every deployment.
 */
export function productionGroup(actions: readonly RuleAction[], targetGroupArn: string, alternateTargetGroupArn: string): string {
  const weight = (arn: string) => actions.flatMap((a) => (a.type === 'forward' ? a.targetGroups : [])).find((g) => g.arn === arn)?.weight ?? 0
  return weight(alternateTargetGroupArn) > weight(targetGroupArn) ? alternateTargetGroupArn : targetGroupArn
}

/** The shift of the service deployment a new one interrupts, with its status. */
export interface InterruptedShift {
  status: ServiceDeploymentStatus
  shift: TrafficShiftRecord
}

/**
 * Where a deployment starts when it interrupts another's traffic shift (pure). ECS has a stage
 * for it, RECONCILE_SERVICE ("only happens when you start a new service deployment with more
 * than 1 service revision in an ACTIVE state"), and documents no more; Berth's rule:
 * production is the revision that had all of it. Before the interrupted shift reached 100 %
 * that is its blue (the partial shift is returned to it, as a rollback would); from 100 % on
 * (the shift's last step, its bake, its clean-up) it is its green. The other revision is
 * reconciled away: stopped, while the new green starts in its group. Undefined when there is
 * nothing to reconcile: no interrupted shift, one already finished, or one over another pair.
 */
export function interruptedShiftStart(prev: InterruptedShift | undefined, pair: readonly [string, string]): { blue: string } | undefined {
  if (!prev || FINISHED_SERVICE_DEPLOYMENT.has(prev.status)) return undefined
  const { blueTargetGroupArn: blue, greenTargetGroupArn: green } = prev.shift
  if (!pair.includes(blue) || !pair.includes(green) || blue === green) return undefined
  const rollingBack = prev.status === 'ROLLBACK_REQUESTED' || prev.status === 'ROLLBACK_IN_PROGRESS'
  return { blue: !rollingBack && prev.shift.productionWeight >= 100 ? green : blue }
}

/**
 * A new deployment's traffic shift, for a service whose strategy is not ROLLING: the green
 * group its tasks register in and the shift record the scheduler moves on. Undefined for a
 * ROLLING service (checkTrafficShiftConfig made sure the others have what this reads).
 */
export async function resolveTrafficShift(
  tx: ReadTx,
  service: ServiceRecord,
  now: number,
): Promise<{ greenTargetGroupArn: string; trafficShift: TrafficShiftRecord } | undefined> {
  const lb = service.loadBalancers[0]
  const adv = lb?.advancedConfiguration
  if (service.deploymentConfiguration.strategy === 'ROLLING' || !lb?.targetGroupArn || !adv?.alternateTargetGroupArn || !adv.productionListenerRule) return undefined
  const current = service.currentServiceDeploymentArn ? await tx.serviceDeployments.get(service.currentServiceDeploymentArn) : undefined
  const interrupted = interruptedShiftStart(current?.trafficShift ? { status: current.status, shift: current.trafficShift } : undefined, [lb.targetGroupArn, adv.alternateTargetGroupArn])
  const rule = interrupted ? undefined : findNamedRule(adv.productionListenerRule, await tx.listeners.list(), await tx.rules.list())
  const blue = interrupted?.blue ?? productionGroup(rule?.actions ?? [], lb.targetGroupArn, adv.alternateTargetGroupArn)
  const green = blue === lb.targetGroupArn ? adv.alternateTargetGroupArn : lb.targetGroupArn
  return {
    greenTargetGroupArn: green,
    trafficShift: {
      productionRuleArn: adv.productionListenerRule,
      ...(adv.testListenerRule ? { testRuleArn: adv.testListenerRule } : {}),
      blueTargetGroupArn: blue,
      greenTargetGroupArn: green,
      stage: interrupted ? 'RECONCILE_SERVICE' : 'PRE_SCALE_UP',
      productionWeight: 0,
      testWeight: 0,
      stageSince: now,
    },
  }
}
