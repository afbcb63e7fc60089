import type { DescribeScalingActivitiesRequest, DescribeScalingActivitiesResponse } from '../../../core/aws-model/application-autoscaling.types.js'
import { SCALING_ACTIVITIES_KEPT } from '../../../state/scaling-store.js'
import type { ScalingOperation } from '../deps.js'
import { page } from '../pagination.js'
import { checkDimension, checkNamespace } from '../resolve.js'
import { viewActivity } from '../views.js'

/**
 * Newest first. Activities that did not scale (at max, at min, in a cooldown) are recorded
 * with NotScaledReasons and shown only with IncludeNotScaledActivities, as AWS does.
 */
export const describeScalingActivities: ScalingOperation<DescribeScalingActivitiesRequest, DescribeScalingActivitiesResponse> = async (input, deps) => {
  checkNamespace(input.ServiceNamespace)
  checkDimension(input.ScalableDimension)
  const all = await deps.store.read((tx) => tx.scalingActivities.list({ resourceId: input.ResourceId, limit: SCALING_ACTIVITIES_KEPT * 10 }))
  const shown = input.IncludeNotScaledActivities === true ? all : all.filter((a) => !a.notScaledReasons)
  const p = page(shown, input.NextToken, input.MaxResults)
  return { ScalingActivities: p.items.map(viewActivity), ...(p.NextToken ? { NextToken: p.NextToken } : {}) }
}
