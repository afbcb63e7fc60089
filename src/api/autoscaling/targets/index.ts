import { deregisterScalableTarget } from './deregister-scalable-target.js'
import { describeScalableTargets } from './describe-scalable-targets.js'
import { registerScalableTarget } from './register-scalable-target.js'

export const targetOperations = {
  RegisterScalableTarget: registerScalableTarget,
  DeregisterScalableTarget: deregisterScalableTarget,
  DescribeScalableTargets: describeScalableTargets,
}
