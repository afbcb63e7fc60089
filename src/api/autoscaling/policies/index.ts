import { deleteScalingPolicy } from './delete-scaling-policy.js'
import { describeScalingPolicies } from './describe-scaling-policies.js'
import { putScalingPolicy } from './put-scaling-policy.js'

export const policyOperations = {
  PutScalingPolicy: putScalingPolicy,
  DescribeScalingPolicies: describeScalingPolicies,
  DeleteScalingPolicy: deleteScalingPolicy,
}
