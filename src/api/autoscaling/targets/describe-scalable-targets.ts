import type { DescribeScalableTargetsRequest, DescribeScalableTargetsResponse } from '../../../core/aws-model/application-autoscaling.types.js'
import type { ScalingOperation } from '../deps.js'
import { page } from '../pagination.js'
import { checkDimension, checkNamespace } from '../resolve.js'
import { viewTarget } from '../views.js'

/** Targets by resource id; ResourceIds narrows to those (unknown ones are simply absent, as on AWS). */
export const describeScalableTargets: ScalingOperation<DescribeScalableTargetsRequest, DescribeScalableTargetsResponse> = async (input, deps) => {
  checkNamespace(input.ServiceNamespace)
  checkDimension(input.ScalableDimension)
  const wanted = input.ResourceIds && input.ResourceIds.length > 0 ? new Set(input.ResourceIds) : undefined
  const targets = (await deps.store.read((tx) => tx.scalableTargets.list())).filter((t) => !wanted || wanted.has(t.resourceId))
  const p = page(targets, input.NextToken, input.MaxResults)
  return { ScalableTargets: p.items.map(viewTarget), ...(p.NextToken ? { NextToken: p.NextToken } : {}) }
}
