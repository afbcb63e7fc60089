import type { ListenerRecord } from '../core/model/listener.js'
import type { LoadBalancerRecord } from '../core/model/load-balancer.js'
import type { RuleRecord } from '../core/model/rule.js'
import type { TargetGroupRecord } from '../core/model/target-group.js'
import type { TargetRecord } from '../core/model/target.js'

/**
 * The ELBv2 repositories. Their sizes are bounded by ELB's quotas (50 load balancers, 50
 * listeners each, 100 rules per load balancer, 3,000 target groups, 1,000 targets a group),
 * so reads return whole sets and the API pages in memory. Lists are ordered by ARN unless
 * said otherwise. Who writes which field is written on each record (src/core/model).
 */
export interface LoadBalancerReader {
  get(arn: string): Promise<LoadBalancerRecord | undefined>
  byName(name: string): Promise<LoadBalancerRecord | undefined>
  list(): Promise<LoadBalancerRecord[]>
}
export interface LoadBalancerRepo extends LoadBalancerReader {
  /** The API creates and changes attributes; the LB controller writes `state`. */
  put(lb: LoadBalancerRecord): Promise<void>
  delete(arn: string): Promise<void>
}

export interface ListenerReader {
  get(arn: string): Promise<ListenerRecord | undefined>
  /** A load balancer's listeners, by port. */
  forLoadBalancer(loadBalancerArn: string): Promise<ListenerRecord[]>
  list(): Promise<ListenerRecord[]>
}
export interface ListenerRepo extends ListenerReader {
  put(listener: ListenerRecord): Promise<void>
  delete(arn: string): Promise<void>
}

export interface RuleReader {
  get(arn: string): Promise<RuleRecord | undefined>
  /** A listener's non-default rules, by priority. */
  forListener(listenerArn: string): Promise<RuleRecord[]>
  /** How many non-default rules a load balancer has (ELB's quota is per load balancer). */
  countForLoadBalancer(loadBalancerArn: string): Promise<number>
  list(): Promise<RuleRecord[]>
}
export interface RuleRepo extends RuleReader {
  put(rule: RuleRecord): Promise<void>
  delete(arn: string): Promise<void>
}

export interface TargetGroupReader {
  get(arn: string): Promise<TargetGroupRecord | undefined>
  byName(name: string): Promise<TargetGroupRecord | undefined>
  list(): Promise<TargetGroupRecord[]>
}
export interface TargetGroupRepo extends TargetGroupReader {
  put(group: TargetGroupRecord): Promise<void>
  delete(arn: string): Promise<void>
}

export interface TargetReader {
  get(targetGroupArn: string, id: string, port: number): Promise<TargetRecord | undefined>
  /** A group's targets, by id then port. */
  forTargetGroup(targetGroupArn: string): Promise<TargetRecord[]>
  /** Every target of every group, by group, id, port. */
  list(): Promise<TargetRecord[]>
}
export interface TargetRepo extends TargetReader {
  /** Registration creates (and re-registers); deregistration drains; only the LB controller writes `health`. */
  put(target: TargetRecord): Promise<void>
  delete(targetGroupArn: string, id: string, port: number): Promise<void>
  deleteForTargetGroup(targetGroupArn: string): Promise<void>
}
