import type { ScalableTarget, ScalingActivity, ScalingPolicy, ScheduledAction } from '../../core/aws-model/application-autoscaling.types.js'
import { ECS_DESIRED_COUNT, type ScalableTargetRecord, type ScalingActivityRecord, type ScalingPolicyRecord, type ScheduledActionRecord } from '../../core/model/scaling.js'

/** Records as the wire shows them; times are epoch seconds, as the JSON protocol writes timestamps. */
const seconds = (ms: number) => ms / 1000

export function viewTarget(t: ScalableTargetRecord): ScalableTarget {
  return {
    ServiceNamespace: 'ecs',
    ResourceId: t.resourceId,
    ScalableDimension: ECS_DESIRED_COUNT,
    MinCapacity: t.minCapacity,
    MaxCapacity: t.maxCapacity,
    RoleARN: t.roleArn,
    CreationTime: seconds(t.createdAt),
    SuspendedState: {
      DynamicScalingInSuspended: t.suspended.dynamicScalingIn,
      DynamicScalingOutSuspended: t.suspended.dynamicScalingOut,
      ScheduledScalingSuspended: t.suspended.scheduledScaling,
    },
    ScalableTargetARN: t.arn,
  }
}

export function viewPolicy(p: ScalingPolicyRecord): ScalingPolicy {
  const common = {
    PolicyARN: p.arn,
    PolicyName: p.name,
    ServiceNamespace: 'ecs' as const,
    ResourceId: p.resourceId,
    ScalableDimension: ECS_DESIRED_COUNT,
    PolicyType: p.type,
    Alarms: p.alarms.map((a) => ({ AlarmName: a.name, AlarmARN: a.arn })),
    CreationTime: seconds(p.createdAt),
  }
  if (p.type === 'StepScaling') return { ...common, StepScalingPolicyConfiguration: p.config }
  return {
    ...common,
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: p.targetValue,
      ...(p.predefined ? { PredefinedMetricSpecification: p.predefined } : {}),
      ...(p.customized ? { CustomizedMetricSpecification: p.customized } : {}),
      ...(p.scaleOutCooldown !== undefined ? { ScaleOutCooldown: p.scaleOutCooldown } : {}),
      ...(p.scaleInCooldown !== undefined ? { ScaleInCooldown: p.scaleInCooldown } : {}),
      DisableScaleIn: p.disableScaleIn,
    },
  }
}

export function viewScheduledAction(a: ScheduledActionRecord): ScheduledAction {
  const action = {
    ...(a.minCapacity !== undefined ? { MinCapacity: a.minCapacity } : {}),
    ...(a.maxCapacity !== undefined ? { MaxCapacity: a.maxCapacity } : {}),
  }
  return {
    ScheduledActionName: a.name,
    ScheduledActionARN: a.arn,
    ServiceNamespace: 'ecs',
    Schedule: a.schedule,
    ...(a.timezone !== undefined ? { Timezone: a.timezone } : {}),
    ResourceId: a.resourceId,
    ScalableDimension: ECS_DESIRED_COUNT,
    ...(a.startTime !== undefined ? { StartTime: seconds(a.startTime) } : {}),
    ...(a.endTime !== undefined ? { EndTime: seconds(a.endTime) } : {}),
    ScalableTargetAction: action,
    CreationTime: seconds(a.createdAt),
  }
}

export function viewActivity(a: ScalingActivityRecord): ScalingActivity {
  return {
    ActivityId: a.id,
    ServiceNamespace: 'ecs',
    ResourceId: a.resourceId,
    ScalableDimension: ECS_DESIRED_COUNT,
    Description: a.description,
    Cause: a.cause,
    StartTime: seconds(a.startTime),
    ...(a.endTime !== undefined ? { EndTime: seconds(a.endTime) } : {}),
    StatusCode: a.statusCode,
    ...(a.statusMessage !== undefined ? { StatusMessage: a.statusMessage } : {}),
    ...(a.notScaledReasons ? { NotScaledReasons: a.notScaledReasons } : {}),
  }
}
