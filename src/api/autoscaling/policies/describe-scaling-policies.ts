import type { DescribeScalingPoliciesRequest, DescribeScalingPoliciesResponse } from '../../../core/aws-model/application-autoscaling.types.js'
import type { ScalingPolicyRecord } from '../../../core/model/scaling.js'
import type { ReadTx } from '../../../state/store.js'
import type { ScalingOperation } from '../deps.js'
import { page } from '../pagination.js'
import { checkDimension, checkNamespace } from '../resolve.js'
import { viewPolicy } from '../views.js'

/**
 * Policies by target, then name. A target-tracking policy shows the alarms it owns; a step
 * policy the alarms whose actions name it (the user's, made with PutMetricAlarm), as AWS shows.
 */
export const describeScalingPolicies: ScalingOperation<DescribeScalingPoliciesRequest, DescribeScalingPoliciesResponse> = async (input, deps) => {
  checkNamespace(input.ServiceNamespace)
  checkDimension(input.ScalableDimension)
  const names = input.PolicyNames && input.PolicyNames.length > 0 ? new Set(input.PolicyNames) : undefined
  return deps.store.read(async (tx) => {
    const all = (await tx.scalingPolicies.list(input.ResourceId)).filter((p) => !names || names.has(p.name))
    const p = page(all, input.NextToken, input.MaxResults)
    const shown: ScalingPolicyRecord[] = []
    for (const policy of p.items) shown.push(policy.type === 'StepScaling' ? { ...policy, alarms: await alarmsNaming(tx, policy.arn) } : policy)
    return { ScalingPolicies: shown.map(viewPolicy), ...(p.NextToken ? { NextToken: p.NextToken } : {}) }
  })
}

async function alarmsNaming(tx: ReadTx, policyArn: string): Promise<{ name: string; arn: string }[]> {
  const alarms = await tx.alarms.list({ limit: 100, actionPrefix: policyArn })
  return alarms.filter((a) => a.alarmActions.includes(policyArn)).map((a) => ({ name: a.name, arn: a.arn }))
}
