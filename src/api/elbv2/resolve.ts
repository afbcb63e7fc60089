import { ElbErrors } from '../../core/errors.js'
import { targetGroupLoadBalancers } from '../../core/model/elb-topology.js'
import { checkForwardVpc } from '../../core/model/elb-vpc.js'
import type { ListenerRecord } from '../../core/model/listener.js'
import type { LoadBalancerRecord } from '../../core/model/load-balancer.js'
import { forwardedTargetGroups, type RuleAction } from '../../core/model/rule-action.js'
import type { RuleRecord } from '../../core/model/rule.js'
import type { TargetGroupRecord } from '../../core/model/target-group.js'
import type { ReadTx, WriteTx } from '../../state/store.js'

/** Lookups the ELBv2 actions share, each throwing the error ELB answers when the thing is missing. */

export async function requireLoadBalancer(tx: ReadTx, arn: string): Promise<LoadBalancerRecord> {
  const lb = await tx.loadBalancers.get(arn)
  if (!lb) throw ElbErrors.loadBalancerNotFound()
  return lb
}

export async function requireListener(tx: ReadTx, arn: string): Promise<ListenerRecord> {
  const l = await tx.listeners.get(arn)
  if (!l) throw ElbErrors.listenerNotFound()
  return l
}

export async function requireTargetGroup(tx: ReadTx, arn: string): Promise<TargetGroupRecord> {
  const g = await tx.targetGroups.get(arn)
  if (!g) throw ElbErrors.targetGroupNotFound(arn)
  return g
}

/** A rule, or a listener's default rule (which lives on the listener), by ARN. */
export type FoundRule = { kind: 'rule'; rule: RuleRecord } | { kind: 'default'; listener: ListenerRecord }

export async function requireRule(tx: ReadTx, arn: string): Promise<FoundRule> {
  const rule = await tx.rules.get(arn)
  if (rule) return { kind: 'rule', rule }
  // The listener's ARN is the rule's with listener-rule/ → listener/ and the last segment dropped.
  const listenerArn = arn.replace(':listener-rule/', ':listener/').replace(/\/[^/]*$/, '')
  const listener = await tx.listeners.get(listenerArn)
  if (listener?.defaultRuleArn === arn) return { kind: 'default', listener }
  throw ElbErrors.ruleNotFound()
}

/**
 * Checks that every group `actions` forward to exists, that none serves a load balancer other
 * than `loadBalancerArn` ("You can use each target group with only one load balancer") and that
 * all are in the load balancer's VPC (core/model/elb-vpc.ts). The first forward of a load
 * balancer tells Berth that VPC: it is written here, the one writer of `subnetsVpcId`, in the
 * caller's transaction, so a refusal later in the request writes nothing. `replacing` is the
 * listener or rule whose actions these replace: its own use does not count.
 */
export async function checkForwardTargets(tx: WriteTx, actions: readonly RuleAction[], loadBalancerArn: string, replacing?: string): Promise<void> {
  const arns = forwardedTargetGroups(actions)
  if (arns.length === 0) return
  const groups: TargetGroupRecord[] = []
  for (const arn of arns) groups.push(await requireTargetGroup(tx, arn))
  const listeners = (await tx.listeners.list()).filter((l) => l.arn !== replacing)
  const rules = (await tx.rules.list()).filter((r) => r.arn !== replacing)
  const elsewhere = arns.filter((arn) => targetGroupLoadBalancers(arn, listeners, rules).some((lb) => lb !== loadBalancerArn))
  if (elsewhere.length > 0) throw ElbErrors.targetGroupAssociationLimit(elsewhere)
  const lb = await requireLoadBalancer(tx, loadBalancerArn)
  const vpc = checkForwardVpc(lb.subnetsVpcId, groups)
  if (!vpc.ok) throw ElbErrors.targetGroupInOtherVpc(vpc.targetGroupArn, lb.arn)
  if (vpc.learn !== undefined) await tx.loadBalancers.put({ ...lb, subnetsVpcId: vpc.learn })
}

/** The listeners and rules, for deriving who uses what. */
export async function topology(tx: ReadTx): Promise<{ listeners: ListenerRecord[]; rules: RuleRecord[] }> {
  return { listeners: await tx.listeners.list(), rules: await tx.rules.list() }
}
