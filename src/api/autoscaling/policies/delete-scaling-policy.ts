import type { DeleteScalingPolicyRequest } from '../../../core/aws-model/application-autoscaling.types.js'
import { ScalingErrors } from '../../../core/errors.js'
import type { ScalingOperation } from '../deps.js'
import { checkTargetRef } from '../resolve.js'
import { deletePolicyAndAlarms } from './policy-alarms.js'

/** Deletes the policy and the alarms it owns. */
export const deleteScalingPolicy: ScalingOperation<DeleteScalingPolicyRequest, object> = async (input, deps) => {
  checkTargetRef(input)
  return deps.store.txn(async (tx) => {
    const policy = await tx.scalingPolicies.get(input.ResourceId, input.PolicyName)
    if (!policy) {
      throw ScalingErrors.objectNotFound(
        `No scaling policy found for service namespace: ecs, resource ID: ${input.ResourceId}, scalable dimension: ecs:service:DesiredCount, policy name: ${input.PolicyName}`,
      )
    }
    await deletePolicyAndAlarms(tx, policy)
    return {}
  })
}
