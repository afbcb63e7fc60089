import type { AlarmRecord } from '../../../core/model/alarm.js'
import type { ScalingPolicyRecord } from '../../../core/model/scaling.js'
import type { WriteTx } from '../../../state/store.js'

/**
 * Writes the alarms a target-tracking policy owns. An alarm that exists keeps its state (the
 * evaluator's fields): a policy update changes the configuration only, as CloudWatch's
 * PutMetricAlarm does. Owned alarms the policy no longer has (scale-in disabled) go.
 */
export async function putOwnedAlarms(tx: WriteTx, policyArn: string, alarms: readonly AlarmRecord[]): Promise<void> {
  const keep = new Set(alarms.map((a) => a.name))
  for (const old of await ownedAlarms(tx, policyArn)) if (!keep.has(old.name)) await tx.alarms.delete(old.name)
  for (const alarm of alarms) {
    const current = await tx.alarms.get(alarm.name)
    await tx.alarms.put(
      current
        ? {
            ...alarm,
            stateValue: current.stateValue,
            stateReason: current.stateReason,
            stateUpdatedAt: current.stateUpdatedAt,
            ...(current.stateReasonData !== undefined ? { stateReasonData: current.stateReasonData } : {}),
          }
        : alarm,
    )
  }
}

export async function ownedAlarms(tx: WriteTx, policyArn: string): Promise<AlarmRecord[]> {
  return tx.alarms.list({ limit: 100, ownedByPolicyArn: policyArn })
}

/**
 * Deletes a policy and the alarms it owns. Alarms that merely name the policy in their actions
 * (step scaling's, the user's) stay, as on AWS: their action then names a policy that is gone.
 */
export async function deletePolicyAndAlarms(tx: WriteTx, policy: ScalingPolicyRecord): Promise<void> {
  for (const a of await ownedAlarms(tx, policy.arn)) await tx.alarms.delete(a.name)
  await tx.scalingPolicies.delete(policy.resourceId, policy.name)
}
