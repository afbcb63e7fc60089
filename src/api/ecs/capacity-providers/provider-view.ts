import type { CapacityProvider } from '../../../core/aws-model/ecs.types.js'
import type { EcsArns } from '../../../core/arn.js'
import type { CapacityProviderRecord } from '../../../core/model/capacity-provider.js'
import { toWireTags, type TagRecord } from '../../../core/model/tag.js'

/** A stored provider as ECS describes it; `tags` only when the caller asked (include TAGS) or on create. */
export function viewProvider(p: CapacityProviderRecord, tags?: readonly TagRecord[]): CapacityProvider {
  return {
    capacityProviderArn: p.arn,
    name: p.name,
    status: p.status,
    autoScalingGroupProvider: p.autoScalingGroupProvider,
    ...(p.updateStatus ? { updateStatus: p.updateStatus } : {}),
    ...(p.updateStatusReason ? { updateStatusReason: p.updateStatusReason } : {}),
    ...(tags ? { tags: toWireTags(tags) } : {}),
    type: 'EC2_AUTOSCALING',
  }
}

/** FARGATE and FARGATE_SPOT as every account's DescribeCapacityProviders lists them. */
export function viewFargateProvider(name: 'FARGATE' | 'FARGATE_SPOT', arns: EcsArns, withTags: boolean): CapacityProvider {
  return { capacityProviderArn: arns.capacityProvider(name), name, status: 'ACTIVE', ...(withTags ? { tags: [] } : {}), type: name }
}
