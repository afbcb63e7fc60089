import type { PutScalingPolicyRequest, PutScalingPolicyResponse } from '../../../core/aws-model/application-autoscaling.types.js'
import { targetTrackingAlarms, alarmUuidOf } from '../../../autoscaling/target-tracking-alarms.js'
import { trackedMetric } from '../../../autoscaling/tracked-metric.js'
import { ScalingErrors } from '../../../core/errors.js'
import { newUuid } from '../../../core/ids.js'
import type { ScalingPolicyRecord } from '../../../core/model/scaling.js'
import type { ScalingOperation } from '../deps.js'
import { checkTargetRef, requireTarget } from '../resolve.js'
import { checkStepScaling, checkTargetTracking } from './policy-config.js'
import { ownedAlarms, putOwnedAlarms } from './policy-alarms.js'

/**
 * Create-or-update by (target, name), keeping the policy's ARN and creation time. Target
 * tracking writes its two alarms (AlarmHigh, AlarmLow) in the same transaction and answers
 * them; step scaling is driven by alarms the user makes with the policy ARN as an action.
 * PolicyType defaults to StepScaling, as AWS's does.
 */
export const putScalingPolicy: ScalingOperation<PutScalingPolicyRequest, PutScalingPolicyResponse> = async (input, deps) => {
  checkTargetRef(input)
  const type = input.PolicyType ?? 'StepScaling'
  if (type === 'TargetTrackingScaling') {
    checkTargetTracking(input.TargetTrackingScalingPolicyConfiguration)
    if (input.StepScalingPolicyConfiguration) throw configMismatch('StepScalingPolicyConfiguration', type)
  } else {
    checkStepScaling(input.StepScalingPolicyConfiguration)
    if (input.TargetTrackingScalingPolicyConfiguration) throw configMismatch('TargetTrackingScalingPolicyConfiguration', type)
  }
  return deps.store.txn(async (tx) => {
    const target = await requireTarget(tx, input.ResourceId)
    const current = await tx.scalingPolicies.get(input.ResourceId, input.PolicyName)
    const arn = current?.arn ?? deps.arns.policy(newUuid(), input.ResourceId, input.PolicyName)
    const base = { arn, name: input.PolicyName, resourceId: input.ResourceId, createdAt: current?.createdAt ?? deps.clock.now() }
    let policy: ScalingPolicyRecord
    if (type === 'TargetTrackingScaling') {
      const c = input.TargetTrackingScalingPolicyConfiguration!
      const tracking = {
        ...base,
        type,
        targetValue: c.TargetValue,
        predefined: c.PredefinedMetricSpecification,
        customized: c.CustomizedMetricSpecification,
        scaleOutCooldown: c.ScaleOutCooldown,
        scaleInCooldown: c.ScaleInCooldown,
        disableScaleIn: c.DisableScaleIn ?? false,
      } as const
      const existing = await ownedAlarms(tx, arn)
      const uuid = existing.map((a) => alarmUuidOf(a.name)).find((u) => u !== undefined) ?? newUuid()
      const alarms = targetTrackingAlarms({
        policy: tracking,
        target,
        metric: trackedMetric(tracking, target),
        uuid,
        periodSeconds: deps.scalingPeriodSeconds,
        now: deps.clock.now(),
        alarmArn: deps.arns.alarm,
      })
      await putOwnedAlarms(tx, arn, alarms)
      policy = { ...tracking, alarms: alarms.map((a) => ({ name: a.name, arn: a.arn })) }
    } else {
      // A step policy is shown with the alarms that name it in their actions, read when described.
      await putOwnedAlarms(tx, arn, [])
      policy = { ...base, type: 'StepScaling', config: input.StepScalingPolicyConfiguration!, alarms: [] }
    }
    await tx.scalingPolicies.put(policy)
    return { PolicyARN: arn, ...(policy.type === 'TargetTrackingScaling' ? { Alarms: policy.alarms.map((a) => ({ AlarmName: a.name, AlarmARN: a.arn })) } : {}) }
  })
}

const configMismatch = (member: string, type: string) => ScalingErrors.validation(`${member} cannot be given for a ${type} policy.`)
