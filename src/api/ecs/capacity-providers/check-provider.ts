import type { AutoScalingGroupProvider, ManagedScaling } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { autoScalingGroupNameOf } from '../../../core/model/capacity-provider.js'

const NAME = /^[A-Za-z0-9_-]{1,255}$/

/**
 * CreateCapacityProvider's name rule (API reference): up to 255 letters, numbers, underscores
 * and hyphens, and not prefixed with "aws", "ecs" or "fargate" (case-insensitive: those are
 * AWS's, FARGATE and FARGATE_SPOT among them).
 */
export function checkProviderName(name: string): void {
  if (/^(aws|ecs|fargate)/i.test(name)) {
    throw EcsErrors.client(
      `The capacity provider name '${name}' is not valid. Capacity provider names cannot be prefixed with "aws", "ecs", or "fargate". Specify a valid name and try again.`,
    )
  }
  if (!NAME.test(name)) {
    throw EcsErrors.client(
      'The capacity provider name is not valid. Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.',
    )
  }
}

/** The Auto Scaling group a provider names, as a name; ClientException for anything that is not a group. */
export function checkGroupRef(p: AutoScalingGroupProvider): string {
  const name = autoScalingGroupNameOf(p.autoScalingGroupArn)
  if (name === undefined) {
    throw EcsErrors.client(`The specified Auto Scaling group ARN ${p.autoScalingGroupArn} is not valid. Specify a valid Auto Scaling group ARN or name and try again.`)
  }
  return name
}

/**
 * The settings' own consistency (ranges are the model's, checked before): the minimum step
 * no larger than the maximum, and managed termination protection only with managed scaling,
 * as ECS's guide requires ("managed scaling must also be turned on").
 */
export function checkScalingSettings(s: Required<ManagedScaling>, terminationProtection: string): void {
  if (s.minimumScalingStepSize > s.maximumScalingStepSize) {
    throw EcsErrors.invalidParameter('The minimumScalingStepSize must be less than or equal to the maximumScalingStepSize.')
  }
  if (terminationProtection === 'ENABLED' && s.status !== 'ENABLED') {
    throw EcsErrors.invalidParameter(
      'The managed termination protection setting for the capacity provider is invalid. To enable managed termination protection for a capacity provider, managed scaling must also be enabled.',
    )
  }
}
