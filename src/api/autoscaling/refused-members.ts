import type { RefusedMembers } from '../shapes/refused-members.js'

/**
 * Application Auto Scaling request members Berth does not act on, refused by name
 * (ValidationException) rather than dropped.
 */
export const SCALING_REFUSED_MEMBERS: RefusedMembers = {
  PutScalingPolicy: [
    { path: 'PolicyType', reason: 'Berth has no predictive scaling; use TargetTrackingScaling or StepScaling.', refuses: (v) => v === 'PredictiveScaling' },
    { path: 'PredictiveScalingPolicyConfiguration', reason: 'Berth has no predictive scaling.' },
    {
      path: 'TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Metrics',
      reason: 'Berth tracks one metric (MetricName, Namespace, Dimensions, Statistic), not metric math.',
    },
  ],
}
