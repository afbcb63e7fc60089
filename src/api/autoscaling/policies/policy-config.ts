import type { StepAdjustment, StepScalingPolicyConfiguration, TargetTrackingScalingPolicyConfiguration } from '../../../core/aws-model/application-autoscaling.types.js'
import { ScalingErrors } from '../../../core/errors.js'
import { parseResourceLabel } from '../../../autoscaling/tracked-metric.js'

const ECS_METRIC_TYPES = ['ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization', 'ALBRequestCountPerTarget']

/** A target-tracking configuration's checks, with AWS's rules for ECS services. */
export function checkTargetTracking(c: TargetTrackingScalingPolicyConfiguration | undefined): TargetTrackingScalingPolicyConfiguration {
  if (!c) throw ScalingErrors.validation('TargetTrackingScalingPolicyConfiguration is required for TargetTrackingScaling policies.')
  const p = c.PredefinedMetricSpecification
  const m = c.CustomizedMetricSpecification
  if ((p === undefined) === (m === undefined)) {
    throw ScalingErrors.validation('Exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification must be given.')
  }
  if (!(c.TargetValue > 0)) throw ScalingErrors.validation(`TargetValue must be greater than 0: ${c.TargetValue}`)
  if (p) {
    if (!ECS_METRIC_TYPES.includes(p.PredefinedMetricType)) {
      throw ScalingErrors.validation(`Unsupported metric type ${p.PredefinedMetricType} for service namespace ecs: use one of ${ECS_METRIC_TYPES.join(', ')}.`)
    }
    if (p.PredefinedMetricType === 'ALBRequestCountPerTarget') {
      if (p.ResourceLabel === undefined || !parseResourceLabel(p.ResourceLabel)) {
        throw ScalingErrors.validation(
          `ResourceLabel for ALBRequestCountPerTarget must be app/<load-balancer-name>/<load-balancer-id>/targetgroup/<target-group-name>/<target-group-id>: ${p.ResourceLabel ?? '(none)'}`,
        )
      }
    } else if (p.ResourceLabel !== undefined) {
      throw ScalingErrors.validation(`ResourceLabel is only for ALBRequestCountPerTarget, not ${p.PredefinedMetricType}.`)
    }
  }
  if (m) {
    if (m.MetricName === undefined || m.Namespace === undefined || m.Statistic === undefined) {
      throw ScalingErrors.validation('CustomizedMetricSpecification needs MetricName, Namespace and Statistic.')
    }
  }
  return c
}

/**
 * A step-scaling configuration's checks: an adjustment type and at least one step; steps are
 * intervals relative to the alarm's threshold (lower inclusive, upper exclusive) that neither
 * overlap nor leave a gap, at most one unbounded below and one above; MinAdjustmentMagnitude
 * only with PercentChangeInCapacity.
 */
export function checkStepScaling(c: StepScalingPolicyConfiguration | undefined): StepScalingPolicyConfiguration {
  if (!c) throw ScalingErrors.validation('StepScalingPolicyConfiguration is required for StepScaling policies.')
  if (c.AdjustmentType === undefined) throw ScalingErrors.validation('AdjustmentType is required in StepScalingPolicyConfiguration.')
  const steps = c.StepAdjustments ?? []
  if (steps.length === 0) throw ScalingErrors.validation('StepAdjustments must contain at least one step adjustment.')
  if (c.MinAdjustmentMagnitude !== undefined && c.AdjustmentType !== 'PercentChangeInCapacity') {
    throw ScalingErrors.validation('MinAdjustmentMagnitude is only for the PercentChangeInCapacity adjustment type.')
  }
  for (const s of steps) {
    if (s.MetricIntervalLowerBound === undefined && s.MetricIntervalUpperBound === undefined) {
      throw ScalingErrors.validation('A step adjustment needs a lower bound, an upper bound or both.')
    }
    if (s.MetricIntervalLowerBound !== undefined && s.MetricIntervalUpperBound !== undefined && s.MetricIntervalLowerBound >= s.MetricIntervalUpperBound) {
      throw ScalingErrors.validation('A step adjustment\'s upper bound must be greater than its lower bound.')
    }
  }
  const sorted = [...steps].sort((a, b) => lower(a) - lower(b))
  for (let i = 1; i < sorted.length; i++) {
    if (upper(sorted[i - 1]!) !== lower(sorted[i]!)) throw ScalingErrors.validation('Step adjustment intervals must not overlap or leave a gap.')
  }
  return c
}

const lower = (s: StepAdjustment) => s.MetricIntervalLowerBound ?? -Infinity
const upper = (s: StepAdjustment) => s.MetricIntervalUpperBound ?? Infinity
