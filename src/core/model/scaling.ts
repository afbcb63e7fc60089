import type {
  CustomizedMetricSpecification,
  NotScaledReason,
  PredefinedMetricSpecification,
  ScalingActivityStatusCode,
  StepScalingPolicyConfiguration,
} from '../aws-model/application-autoscaling.types.js'

/**
 * Application Auto Scaling as Berth stores it, for the one namespace it serves: ECS services'
 * desired count (`ecs` / `ecs:service:DesiredCount`, ResourceId `service/<cluster>/<service>`).
 *
 * Writers: the API writes targets, policies and scheduled actions; the scaler
 * (src/autoscaling) writes activities and the services' desiredCount. Target tracking's alarms
 * are AlarmRecords (alarm.ts) that the API writes with the policy and deletes with it.
 */
export interface ScalableTargetRecord {
  /** `service/<cluster>/<service>`. */
  resourceId: string
  /** `arn:aws:application-autoscaling:<region>:<account>:scalable-target/<id>`: what tags hang on. */
  arn: string
  clusterName: string
  serviceName: string
  minCapacity: number
  maxCapacity: number
  roleArn: string
  suspended: SuspendedFlags
  /** Epoch ms. */
  createdAt: number
}

export interface SuspendedFlags {
  dynamicScalingIn: boolean
  dynamicScalingOut: boolean
  scheduledScaling: boolean
}

export type ScalingPolicyRecord = TargetTrackingPolicyRecord | StepScalingPolicyRecord

interface PolicyBase {
  arn: string
  name: string
  resourceId: string
  /** Epoch ms. */
  createdAt: number
  /** The alarms the policy is shown with (target tracking: the two it owns). */
  alarms: { name: string; arn: string }[]
}

export interface TargetTrackingPolicyRecord extends PolicyBase {
  type: 'TargetTrackingScaling'
  targetValue: number
  predefined?: PredefinedMetricSpecification | undefined
  customized?: CustomizedMetricSpecification | undefined
  /** Seconds; ECS's default is 300 for both. */
  scaleOutCooldown?: number | undefined
  scaleInCooldown?: number | undefined
  disableScaleIn: boolean
}

export interface StepScalingPolicyRecord extends PolicyBase {
  type: 'StepScaling'
  config: StepScalingPolicyConfiguration
}

export interface ScheduledActionRecord {
  name: string
  arn: string
  resourceId: string
  /** `at(...)`, `rate(...)` or `cron(...)`, as given. */
  schedule: string
  timezone?: string | undefined
  /** Epoch ms. */
  startTime?: number | undefined
  endTime?: number | undefined
  minCapacity?: number | undefined
  maxCapacity?: number | undefined
  createdAt: number
}

/** One ScalingActivity, written by the scaler. */
export interface ScalingActivityRecord {
  id: string
  resourceId: string
  description: string
  cause: string
  /** Epoch ms. */
  startTime: number
  endTime?: number | undefined
  statusCode: ScalingActivityStatusCode
  statusMessage?: string | undefined
  notScaledReasons?: NotScaledReason[] | undefined
  /** What it did to the desired count: > 0 scaled out, < 0 in, 0 not scaled (cooldowns read these). */
  change: number
  /** The policy or scheduled action that caused it. */
  source?: { kind: 'policy' | 'scheduled'; name: string } | undefined
}

export const ECS_NAMESPACE = 'ecs' as const
export const ECS_DESIRED_COUNT = 'ecs:service:DesiredCount' as const
/** ECS's default cooldowns for target tracking, in seconds. */
export const DEFAULT_COOLDOWN_SECONDS = 300

/** `service/<cluster>/<service>`, split; undefined when it is not that form. */
export function parseServiceResourceId(resourceId: string): { clusterName: string; serviceName: string } | undefined {
  const m = /^service\/([A-Za-z0-9_-]{1,255})\/([A-Za-z0-9_-]{1,255})$/.exec(resourceId)
  return m ? { clusterName: m[1]!, serviceName: m[2]! } : undefined
}

/** Application Auto Scaling's ARNs. */
export class ScalingArns {
  constructor(readonly partition: { region: string; accountId: string }) {}
  scalableTarget = (id: string) => `arn:aws:application-autoscaling:${this.partition.region}:${this.partition.accountId}:scalable-target/${id}`
  policy = (uuid: string, resourceId: string, name: string) =>
    `arn:aws:autoscaling:${this.partition.region}:${this.partition.accountId}:scalingPolicy:${uuid}:resource/ecs/${resourceId}:policyName/${name}`
  scheduledAction = (uuid: string, resourceId: string, name: string) =>
    `arn:aws:autoscaling:${this.partition.region}:${this.partition.accountId}:scheduledAction:${uuid}:resource/ecs/${resourceId}:scheduledActionName/${name}`
  alarm = (name: string) => `arn:aws:cloudwatch:${this.partition.region}:${this.partition.accountId}:alarm:${name}`
}
