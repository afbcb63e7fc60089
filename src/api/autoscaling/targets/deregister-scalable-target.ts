import type { DeregisterScalableTargetRequest } from '../../../core/aws-model/application-autoscaling.types.js'
import type { WriteTx } from '../../../state/store.js'
import type { ScalingOperation } from '../deps.js'
import { deletePolicyAndAlarms } from '../policies/policy-alarms.js'
import { checkTargetRef, requireTarget } from '../resolve.js'

/** Deletes the target with its policies (and the alarms they own), scheduled actions, activities and tags, as AWS does. */
export const deregisterScalableTarget: ScalingOperation<DeregisterScalableTargetRequest, object> = async (input, deps) => {
  checkTargetRef(input)
  return deps.store.txn(async (tx) => {
    const target = await requireTarget(tx, input.ResourceId)
    await deleteTargetWhole(tx, target.resourceId, target.arn)
    return {}
  })
}

export async function deleteTargetWhole(tx: WriteTx, resourceId: string, arn: string): Promise<void> {
  for (const p of await tx.scalingPolicies.list(resourceId)) await deletePolicyAndAlarms(tx, p)
  for (const a of await tx.scheduledActions.list(resourceId)) await tx.scheduledActions.delete(resourceId, a.name)
  await tx.scalingActivities.deleteForTarget(resourceId)
  await tx.tags.remove(arn, (await tx.tags.get(arn)).map((t) => t.key))
  await tx.scalableTargets.delete(resourceId)
}
