import type { DescribeScheduledActionsRequest, DescribeScheduledActionsResponse } from '../../../core/aws-model/application-autoscaling.types.js'
import type { ScalingOperation } from '../deps.js'
import { page } from '../pagination.js'
import { checkDimension, checkNamespace } from '../resolve.js'
import { viewScheduledAction } from '../views.js'

export const describeScheduledActions: ScalingOperation<DescribeScheduledActionsRequest, DescribeScheduledActionsResponse> = async (input, deps) => {
  checkNamespace(input.ServiceNamespace)
  checkDimension(input.ScalableDimension)
  const names = input.ScheduledActionNames && input.ScheduledActionNames.length > 0 ? new Set(input.ScheduledActionNames) : undefined
  const all = (await deps.store.read((tx) => tx.scheduledActions.list(input.ResourceId))).filter((a) => !names || names.has(a.name))
  const p = page(all, input.NextToken, input.MaxResults)
  return { ScheduledActions: p.items.map(viewScheduledAction), ...(p.NextToken ? { NextToken: p.NextToken } : {}) }
}
