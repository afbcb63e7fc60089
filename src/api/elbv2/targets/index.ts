import { deregisterTargets } from './deregister-targets.js'
import { describeTargetHealth } from './describe-target-health.js'
import { registerTargets } from './register-targets.js'

export const targetOperations = {
  RegisterTargets: registerTargets,
  DeregisterTargets: deregisterTargets,
  DescribeTargetHealth: describeTargetHealth,
}
