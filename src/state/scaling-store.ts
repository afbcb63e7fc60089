import type { ScalableTargetRecord, ScalingActivityRecord, ScalingPolicyRecord, ScheduledActionRecord } from '../core/model/scaling.js'

/**
 * Application Auto Scaling's repositories (ReadTx/WriteTx `.scalableTargets`, `.scalingPolicies`,
 * `.scheduledActions`, `.scalingActivities`). One scalable target per ECS service and a few
 * policies and actions each, so reads return whole sets ordered by key and the API pages in
 * memory. Activities are bounded per target (SCALING_ACTIVITIES_KEPT).
 */
export interface ScalableTargetReader {
  get(resourceId: string): Promise<ScalableTargetRecord | undefined>
  byArn(arn: string): Promise<ScalableTargetRecord | undefined>
  /** Ordered by resource id. */
  list(): Promise<ScalableTargetRecord[]>
}
export interface ScalableTargetRepo extends ScalableTargetReader {
  put(target: ScalableTargetRecord): Promise<void>
  delete(resourceId: string): Promise<void>
}

export interface ScalingPolicyReader {
  get(resourceId: string, name: string): Promise<ScalingPolicyRecord | undefined>
  byArn(arn: string): Promise<ScalingPolicyRecord | undefined>
  /** Ordered by resource id, then name; one target's when given. */
  list(resourceId?: string): Promise<ScalingPolicyRecord[]>
}
export interface ScalingPolicyRepo extends ScalingPolicyReader {
  put(policy: ScalingPolicyRecord): Promise<void>
  delete(resourceId: string, name: string): Promise<void>
}

export interface ScheduledActionReader {
  get(resourceId: string, name: string): Promise<ScheduledActionRecord | undefined>
  /** Ordered by resource id, then name; one target's when given. */
  list(resourceId?: string): Promise<ScheduledActionRecord[]>
}
export interface ScheduledActionRepo extends ScheduledActionReader {
  put(action: ScheduledActionRecord): Promise<void>
  delete(resourceId: string, name: string): Promise<void>
}

export interface ScalingActivityReader {
  /** Newest first (by start time, then id); one target's when given. */
  list(query: { resourceId?: string | undefined; limit: number }): Promise<ScalingActivityRecord[]>
}
export interface ScalingActivityRepo extends ScalingActivityReader {
  /** Adds or updates an activity, keeping only the target's newest SCALING_ACTIVITIES_KEPT. */
  put(activity: ScalingActivityRecord): Promise<void>
  deleteForTarget(resourceId: string): Promise<void>
}

/** AWS keeps six weeks of activities; Berth keeps a target's newest this many. */
export const SCALING_ACTIVITIES_KEPT = 1000
