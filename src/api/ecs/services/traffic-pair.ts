import { findNamedRule } from '../../../core/model/elb-topology.js'
import type { RuleAction } from '../../../core/model/rule-action.js'
import type { ServiceRecord, TrafficShiftRecord } from '../../../core/model/service.js'
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
  const rule = findNamedRule(adv.productionListenerRule, await tx.listeners.list(), await tx.rules.list())
  const blue = productionGroup(rule?.actions ?? [], lb.targetGroupArn, adv.alternateTargetGroupArn)
  const green = blue === lb.targetGroupArn ? adv.alternateTargetGroupArn : lb.targetGroupArn
  return {
    greenTargetGroupArn: green,
    trafficShift: {
      productionRuleArn: adv.productionListenerRule,
      ...(adv.testListenerRule ? { testRuleArn: adv.testListenerRule } : {}),
      blueTargetGroupArn: blue,
      greenTargetGroupArn: green,
      stage: 'PRE_SCALE_UP',
      productionWeight: 0,
      testWeight: 0,
      stageSince: now,
    },
  }
}
