import type { RuleAction } from './rule-action.js'
import type { RuleCondition } from './rule-condition.js'

/**
 * A listener rule other than the default one (that one lives on its listener). The ELBv2 API
 * is its only writer (and, later, ECS blue/green deployments through the same repo).
 */
export interface RuleRecord {
  arn: string
  listenerArn: string
  loadBalancerArn: string
  /** 1–50000, unique per listener; the lowest matching priority wins. */
  priority: number
  /** All must match; each matches when any of its values does. */
  conditions: readonly RuleCondition[]
  actions: readonly RuleAction[]
}
