import type { Scale } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { TaskSetRecord } from '../../../core/model/task-set.js'

/**
 * A task set's scale (pure): "The value, specified as a percent total of a service's
 * desiredCount, to scale the task set. Accepted values are numbers between 0 and 100." The
 * unit is PERCENT, the only one, when absent. The refusal's text is Berth's.
 */
export function checkScale(scale: Scale): TaskSetRecord['scale'] {
  const value = scale.value ?? 0
  if (!Number.isFinite(value) || value < 0 || value > 100) {
    throw EcsErrors.invalidParameter(`scale.value must be between 0 and 100 (a percentage of the service's desiredCount); ${String(scale.value)} was given.`)
  }
  return { value, unit: 'PERCENT' }
}
