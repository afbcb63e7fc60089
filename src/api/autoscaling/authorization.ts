import type * as Aas from '../../core/aws-model/application-autoscaling.types.js'
import type { ScalingArns } from '../../core/model/scaling.js'
import type { ReadTx } from '../../state/store.js'
import { requestTagKeys, type AuthorizationTable, type OperationChecks } from '../iam/index.js'

/**
 * What each Application Auto Scaling operation asks IAM, after AWS's "Actions, resources, and
 * condition keys for Application Auto Scaling": actions on one scalable target name its ARN
 * (so `aws:ResourceTag/*` conditions work), looked up by ResourceId; a target not registered
 * yet, and the Describe actions, are `*`.
 */
export interface TargetRef {
  resourceId: string
}
type Entry<I> = OperationChecks<ScalingArns, TargetRef, I>

const action = (name: string) => `application-autoscaling:${name}`

const onTarget =
  (name: string): Entry<{ ResourceId: string }> =>
  (input) => [{ action: action(name), resource: { resourceId: input.ResourceId } }]

const onAny =
  (name: string): Entry<unknown> =>
  () => [{ action: action(name), resource: '*' }]

const tagList = (tags: Readonly<Record<string, string>> | undefined) => Object.entries(tags ?? {}).map(([key, value]) => ({ key, value }))

export const SCALING_AUTHORIZATION: AuthorizationTable<ScalingArns, TargetRef> = {
  RegisterScalableTarget: (input: Aas.RegisterScalableTargetRequest) => {
    const context = requestTagKeys(tagList(input.Tags))
    const checks = [{ action: action('RegisterScalableTarget'), resource: { resourceId: input.ResourceId }, context }]
    if (input.Tags && Object.keys(input.Tags).length > 0) checks.push({ action: action('TagResource'), resource: { resourceId: input.ResourceId }, context })
    return checks
  },
  DeregisterScalableTarget: onTarget('DeregisterScalableTarget'),
  DescribeScalableTargets: onAny('DescribeScalableTargets'),
  PutScalingPolicy: onTarget('PutScalingPolicy'),
  DescribeScalingPolicies: onAny('DescribeScalingPolicies'),
  DeleteScalingPolicy: onTarget('DeleteScalingPolicy'),
  PutScheduledAction: onTarget('PutScheduledAction'),
  DescribeScheduledActions: onAny('DescribeScheduledActions'),
  DeleteScheduledAction: onTarget('DeleteScheduledAction'),
  DescribeScalingActivities: onAny('DescribeScalingActivities'),
  TagResource: (input: Aas.TagResourceRequest) => [{ action: action('TagResource'), resource: input.ResourceARN, context: requestTagKeys(tagList(input.Tags)) }],
  UntagResource: (input: Aas.UntagResourceRequest) => [{ action: action('UntagResource'), resource: input.ResourceARN, context: { 'aws:TagKeys': input.TagKeys } }],
  ListTagsForResource: (input: Aas.ListTagsForResourceRequest) => [{ action: action('ListTagsForResource'), resource: input.ResourceARN }],
}

/** A target's ARN, or `*` for one not registered. */
export async function resolveTargetRef(ref: TargetRef, tx: ReadTx): Promise<string> {
  return (await tx.scalableTargets.get(ref.resourceId))?.arn ?? '*'
}
