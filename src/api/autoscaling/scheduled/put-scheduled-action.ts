import type { PutScheduledActionRequest } from '../../../core/aws-model/application-autoscaling.types.js'
import { checkTimezone, parseSchedule } from '../../../autoscaling/schedule.js'
import { fromWireTimestamp } from '../../../core/clock.js'
import { ScalingErrors } from '../../../core/errors.js'
import { newUuid } from '../../../core/ids.js'
import type { ScheduledActionRecord } from '../../../core/model/scaling.js'
import type { ScalingOperation } from '../deps.js'
import { checkTargetRef, requireTarget } from '../resolve.js'

/**
 * Create-or-update by (target, name). A new action needs a Schedule and a ScalableTargetAction
 * with MinCapacity or MaxCapacity; an update keeps what it does not name. The schedule and
 * timezone are checked here (schedule.ts) so the scaler never meets one it cannot read.
 */
export const putScheduledAction: ScalingOperation<PutScheduledActionRequest, object> = async (input, deps) => {
  checkTargetRef(input)
  if (input.Schedule !== undefined) checked(() => parseSchedule(input.Schedule!))
  if (input.Timezone !== undefined) checked(() => checkTimezone(input.Timezone!))
  const startTime = input.StartTime !== undefined ? fromWireTimestamp(input.StartTime) : undefined
  const endTime = input.EndTime !== undefined ? fromWireTimestamp(input.EndTime) : undefined
  return deps.store.txn(async (tx) => {
    await requireTarget(tx, input.ResourceId)
    const current = await tx.scheduledActions.get(input.ResourceId, input.ScheduledActionName)
    const schedule = input.Schedule ?? current?.schedule
    if (schedule === undefined) throw ScalingErrors.validation('Schedule is required for a new scheduled action.')
    const action = input.ScalableTargetAction
    const minCapacity = action ? action.MinCapacity : current?.minCapacity
    const maxCapacity = action ? action.MaxCapacity : current?.maxCapacity
    if (minCapacity === undefined && maxCapacity === undefined) {
      throw ScalingErrors.validation('ScalableTargetAction must specify MinCapacity, MaxCapacity or both.')
    }
    if (minCapacity !== undefined && maxCapacity !== undefined && minCapacity > maxCapacity) {
      throw ScalingErrors.validation(`Minimum capacity ${minCapacity} cannot be greater than maximum capacity ${maxCapacity}.`)
    }
    const start = startTime ?? current?.startTime
    const end = endTime ?? current?.endTime
    if (start !== undefined && end !== undefined && start >= end) throw ScalingErrors.validation('EndTime must be after StartTime.')
    const timezone = input.Timezone ?? current?.timezone
    const next: ScheduledActionRecord = {
      name: input.ScheduledActionName,
      arn: current?.arn ?? deps.arns.scheduledAction(newUuid(), input.ResourceId, input.ScheduledActionName),
      resourceId: input.ResourceId,
      schedule,
      ...(timezone !== undefined ? { timezone } : {}),
      ...(start !== undefined ? { startTime: start } : {}),
      ...(end !== undefined ? { endTime: end } : {}),
      ...(minCapacity !== undefined ? { minCapacity } : {}),
      ...(maxCapacity !== undefined ? { maxCapacity } : {}),
      createdAt: current?.createdAt ?? deps.clock.now(),
    }
    await tx.scheduledActions.put(next)
    return {}
  })
}

function checked(fn: () => unknown): void {
  try {
    fn()
  } catch (error) {
    throw ScalingErrors.validation((error as Error).message)
  }
}
