import type { DeleteScheduledActionRequest } from '../../../core/aws-model/application-autoscaling.types.js'
import { ScalingErrors } from '../../../core/errors.js'
import type { ScalingOperation } from '../deps.js'
import { checkTargetRef } from '../resolve.js'

export const deleteScheduledAction: ScalingOperation<DeleteScheduledActionRequest, object> = async (input, deps) => {
  checkTargetRef(input)
  return deps.store.txn(async (tx) => {
    if (!(await tx.scheduledActions.get(input.ResourceId, input.ScheduledActionName))) {
      throw ScalingErrors.objectNotFound(`No scheduled action found for service namespace: ecs, resource ID: ${input.ResourceId}, scalable dimension: ecs:service:DesiredCount, scheduled action name: ${input.ScheduledActionName}`)
    }
    await tx.scheduledActions.delete(input.ResourceId, input.ScheduledActionName)
    return {}
  })
}
