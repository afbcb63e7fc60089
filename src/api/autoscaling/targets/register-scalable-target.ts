import type { RegisterScalableTargetRequest, RegisterScalableTargetResponse } from '../../../core/aws-model/application-autoscaling.types.js'
import { ScalingErrors } from '../../../core/errors.js'
import { newResourceId } from '../../../core/ids.js'
import type { ScalableTargetRecord } from '../../../core/model/scaling.js'
import { enforceCapacity } from '../../../autoscaling/apply.js'
import type { ScalingOperation } from '../deps.js'
import { checkTargetRef } from '../resolve.js'
import { checkTags } from '../tags/check-tags.js'

/** The service-linked role AWS uses for ECS services when RoleARN is not given. */
const serviceLinkedRole = (account: string) =>
  `arn:aws:iam::${account}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`

/**
 * Create-or-update, as AWS's: the first registration needs MinCapacity and MaxCapacity and a
 * service that exists (ACTIVE); a later one changes only what it names. Min ≤ max always.
 * Tags are set on creation only (TagResource after), as AWS does. A desired count outside the
 * new range is brought into it at once, with an activity, as AWS does.
 */
export const registerScalableTarget: ScalingOperation<RegisterScalableTargetRequest, RegisterScalableTargetResponse> = async (input, deps) => {
  const { clusterName, serviceName } = checkTargetRef(input)
  const tags = input.Tags !== undefined ? checkTags(input.Tags) : []
  return deps.store.txn(async (tx) => {
    const current = await tx.scalableTargets.get(input.ResourceId)
    const service = await tx.services.get(deps.ecsArns.service(clusterName, serviceName))
    if (!service || service.status !== 'ACTIVE') {
      throw ScalingErrors.validation(`ECS service doesn't exist: ${input.ResourceId}`)
    }
    // A DAEMON service runs one task per instance: it has no desired count to scale.
    if (service.schedulingStrategy !== 'REPLICA') throw ScalingErrors.validation(`ECS service ${input.ResourceId} uses the DAEMON scheduling strategy, which cannot be scaled.`)
    if (!current && (input.MinCapacity === undefined || input.MaxCapacity === undefined)) {
      throw ScalingErrors.validation('MinCapacity and MaxCapacity are required for registering a new scalable target.')
    }
    const minCapacity = input.MinCapacity ?? current!.minCapacity
    const maxCapacity = input.MaxCapacity ?? current!.maxCapacity
    if (minCapacity > maxCapacity) throw ScalingErrors.validation(`Minimum capacity ${minCapacity} cannot be greater than maximum capacity ${maxCapacity}.`)
    const s = input.SuspendedState
    const was = current?.suspended
    const next: ScalableTargetRecord = {
      resourceId: input.ResourceId,
      arn: current?.arn ?? deps.arns.scalableTarget(newResourceId() + newResourceId().slice(0, 4)),
      clusterName,
      serviceName,
      minCapacity,
      maxCapacity,
      roleArn: input.RoleARN ?? current?.roleArn ?? serviceLinkedRole(deps.arns.partition.accountId),
      suspended: {
        dynamicScalingIn: s?.DynamicScalingInSuspended ?? was?.dynamicScalingIn ?? false,
        dynamicScalingOut: s?.DynamicScalingOutSuspended ?? was?.dynamicScalingOut ?? false,
        scheduledScaling: s?.ScheduledScalingSuspended ?? was?.scheduledScaling ?? false,
      },
      createdAt: current?.createdAt ?? deps.clock.now(),
    }
    await tx.scalableTargets.put(next)
    await enforceCapacity(tx, next, service, deps.clock.now())
    if (!current && tags.length > 0) await tx.tags.put(next.arn, tags)
    return { ScalableTargetARN: next.arn }
  })
}
