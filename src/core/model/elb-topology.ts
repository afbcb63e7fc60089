import type { ListenerRecord } from './listener.js'
import type { LoadBalancerRecord } from './load-balancer.js'
import { forwardedTargetGroups, type RuleAction } from './rule-action.js'
import type { RuleRecord } from './rule.js'
import type { TargetGroupRecord } from './target-group.js'
import type { TargetRecord } from './target.js'

/**
 * Who uses what, derived from the listeners and rules (pure): nothing of it is stored, so it
 * is never stale. The load-balancer controller builds the data plane's config from these.
 */

/** The load balancers whose listeners or rules forward to `targetGroupArn`, each once, in listener order. */
export function targetGroupLoadBalancers(targetGroupArn: string, listeners: readonly ListenerRecord[], rules: readonly RuleRecord[]): string[] {
  const lbs = new Set<string>()
  for (const l of listeners) if (forwardedTargetGroups(l.defaultActions).includes(targetGroupArn)) lbs.add(l.loadBalancerArn)
  for (const r of rules) if (forwardedTargetGroups(r.actions).includes(targetGroupArn)) lbs.add(r.loadBalancerArn)
  return [...lbs]
}

/** Every target group some listener or rule forwards to. */
export function targetGroupsInUse(listeners: readonly ListenerRecord[], rules: readonly RuleRecord[]): Set<string> {
  const used = new Set<string>()
  for (const l of listeners) for (const arn of forwardedTargetGroups(l.defaultActions)) used.add(arn)
  for (const r of rules) for (const arn of forwardedTargetGroups(r.actions)) used.add(arn)
  return used
}

export interface LoadBalancerTree {
  loadBalancer: LoadBalancerRecord
  listeners: readonly { listener: ListenerRecord; rules: readonly RuleRecord[] }[]
}

/** Load balancers with their listeners (by port) and each listener's rules (by priority). */
export function loadBalancerTrees(lbs: readonly LoadBalancerRecord[], listeners: readonly ListenerRecord[], rules: readonly RuleRecord[]): LoadBalancerTree[] {
  return lbs.map((loadBalancer) => ({
    loadBalancer,
    listeners: listeners
      .filter((l) => l.loadBalancerArn === loadBalancer.arn)
      .sort((a, b) => a.port - b.port)
      .map((listener) => ({ listener, rules: rules.filter((r) => r.listenerArn === listener.arn).sort((a, b) => a.priority - b.priority) })),
  }))
}

/** Target groups with their targets. */
export function targetGroupsWithTargets(groups: readonly TargetGroupRecord[], targets: readonly TargetRecord[]): { group: TargetGroupRecord; targets: TargetRecord[] }[] {
  const by = new Map<string, TargetRecord[]>()
  for (const t of targets) (by.get(t.targetGroupArn) ?? by.set(t.targetGroupArn, []).get(t.targetGroupArn)!).push(t)
  return groups.map((group) => ({ group, targets: by.get(group.arn) ?? [] }))
}

/** A listener rule as ECS names it: a rules row, or a listener's default rule (its `defaultRuleArn`). */
export interface NamedRule {
  ruleArn: string
  listenerArn: string
  loadBalancerArn: string
  actions: readonly RuleAction[]
  /** True for a listener's default rule: its actions are the listener's `defaultActions`. */
  isDefault: boolean
}

/** Finds a rule by ARN among the rules and the listeners' default rules. */
export function findNamedRule(ruleArn: string, listeners: readonly ListenerRecord[], rules: readonly RuleRecord[]): NamedRule | undefined {
  const rule = rules.find((r) => r.arn === ruleArn)
  if (rule) return { ruleArn, listenerArn: rule.listenerArn, loadBalancerArn: rule.loadBalancerArn, actions: rule.actions, isDefault: false }
  const listener = listeners.find((l) => l.defaultRuleArn === ruleArn)
  if (listener) return { ruleArn, listenerArn: listener.arn, loadBalancerArn: listener.loadBalancerArn, actions: listener.defaultActions, isDefault: true }
  return undefined
}
