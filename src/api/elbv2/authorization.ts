import type * as W from '../../core/aws-model/elbv2.types.js'
import type { ElbArns } from '../../core/model/elb-arns.js'
import { requestTagKeys, type AuthorizationCheck, type AuthorizationTable, type OperationChecks } from '../iam/index.js'

/**
 * What each ELBv2 operation asks IAM, after AWS's "Actions, resources, and condition keys for
 * Elastic Load Balancing V2": actions `elasticloadbalancing:<Op>`; Describe* name no resource
 * (`*`); an operation on a resource names its ARN (so `aws:ResourceTag/*` is its tags); a
 * create names the ARN it will have, its id as `*` (not known before it exists); creating with
 * tags also asks elasticloadbalancing:AddTags, as ELB does.
 */
type Entry<I> = OperationChecks<ElbArns, never, I>
const elb = (op: string) => `elasticloadbalancing:${op}`
const tagKeys = (tags: readonly W.Tag[] | undefined) => requestTagKeys((tags ?? []).map((t) => ({ key: t.Key, value: t.Value })))

const anyResource =
  (op: string): Entry<unknown> =>
  () => [{ action: elb(op), resource: '*' }]

const on =
  <I>(op: string, arnOf: (input: I) => string): Entry<I> =>
  (input) => [{ action: elb(op), resource: arnOf(input) }]

/** A create: its own check, and AddTags when it sets tags. */
const creating = (op: string, resource: string, tags: readonly W.Tag[] | undefined): AuthorizationCheck[] => {
  const context = tagKeys(tags)
  const checks: AuthorizationCheck[] = [{ action: elb(op), resource, context }]
  if (tags?.length) checks.push({ action: elb('AddTags'), resource, context })
  return checks
}

const onEach =
  <I>(op: string, arnsOf: (input: I) => readonly string[], context: (input: I) => NonNullable<AuthorizationCheck['context']> = () => ({})): Entry<I> =>
  (input) => arnsOf(input).map((resource) => ({ action: elb(op), resource, context: context(input) }))

export const ELBV2_AUTHORIZATION: AuthorizationTable<ElbArns> = {
  CreateLoadBalancer: (input: W.CreateLoadBalancerInput, arns) => creating('CreateLoadBalancer', arns.loadBalancer(input.Name, '*'), input.Tags),
  DescribeLoadBalancers: anyResource('DescribeLoadBalancers'),
  DeleteLoadBalancer: on('DeleteLoadBalancer', (i: W.DeleteLoadBalancerInput) => i.LoadBalancerArn),
  DescribeLoadBalancerAttributes: anyResource('DescribeLoadBalancerAttributes'),
  ModifyLoadBalancerAttributes: on('ModifyLoadBalancerAttributes', (i: W.ModifyLoadBalancerAttributesInput) => i.LoadBalancerArn),
  CreateListener: (input: W.CreateListenerInput, arns) => creating('CreateListener', arns.listener(input.LoadBalancerArn, '*'), input.Tags),
  DescribeListeners: anyResource('DescribeListeners'),
  ModifyListener: on('ModifyListener', (i: W.ModifyListenerInput) => i.ListenerArn),
  DeleteListener: on('DeleteListener', (i: W.DeleteListenerInput) => i.ListenerArn),
  CreateRule: (input: W.CreateRuleInput, arns) => creating('CreateRule', arns.rule(input.ListenerArn, '*'), input.Tags),
  DescribeRules: anyResource('DescribeRules'),
  ModifyRule: on('ModifyRule', (i: W.ModifyRuleInput) => i.RuleArn),
  DeleteRule: on('DeleteRule', (i: W.DeleteRuleInput) => i.RuleArn),
  SetRulePriorities: onEach('SetRulePriorities', (i: W.SetRulePrioritiesInput) => i.RulePriorities.map((p) => p.RuleArn ?? '*')),
  CreateTargetGroup: (input: W.CreateTargetGroupInput, arns) => creating('CreateTargetGroup', arns.targetGroup(input.Name, '*'), input.Tags),
  DescribeTargetGroups: anyResource('DescribeTargetGroups'),
  ModifyTargetGroup: on('ModifyTargetGroup', (i: W.ModifyTargetGroupInput) => i.TargetGroupArn),
  DeleteTargetGroup: on('DeleteTargetGroup', (i: W.DeleteTargetGroupInput) => i.TargetGroupArn),
  DescribeTargetGroupAttributes: anyResource('DescribeTargetGroupAttributes'),
  ModifyTargetGroupAttributes: on('ModifyTargetGroupAttributes', (i: W.ModifyTargetGroupAttributesInput) => i.TargetGroupArn),
  RegisterTargets: on('RegisterTargets', (i: W.RegisterTargetsInput) => i.TargetGroupArn),
  DeregisterTargets: on('DeregisterTargets', (i: W.DeregisterTargetsInput) => i.TargetGroupArn),
  DescribeTargetHealth: anyResource('DescribeTargetHealth'),
  AddTags: onEach('AddTags', (i: W.AddTagsInput) => i.ResourceArns, (i) => tagKeys(i.Tags)),
  RemoveTags: onEach('RemoveTags', (i: W.RemoveTagsInput) => i.ResourceArns, (i) => ({ 'aws:TagKeys': i.TagKeys })),
  DescribeTags: anyResource('DescribeTags'),
  DescribeAccountLimits: anyResource('DescribeAccountLimits'),
  DescribeSSLPolicies: anyResource('DescribeSSLPolicies'),
}
