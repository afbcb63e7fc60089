import type { ListServicesRequest, ListServicesResponse } from '../../../core/aws-model/ecs.types.js'
import type { EcsOperation } from '../deps.js'
import { decodeToken, isString, pageSize, scanPage } from '../pagination.js'
import { requireCluster } from '../resolve.js'

/** ListServices' default page (ECS's model), smaller than the other lists' 100. */
const DEFAULT_MAX_RESULTS = 10

/**
 * ListServices: the cluster's ACTIVE services (DRAINING and INACTIVE ones are no longer listed,
 * as on ECS), ordered by ARN. A Berth service runs as EC2 or FARGATE and is managed by its
 * customer, so the launchType filter EXTERNAL or MANAGED_INSTANCES and the resourceManagementType
 * filter ECS (Express services) match nothing.
 */
export const listServices: EcsOperation<ListServicesRequest, ListServicesResponse> = async (input, deps) => {
  const limit = pageSize(input.maxResults ?? DEFAULT_MAX_RESULTS)
  const after = decodeToken(input.nextToken, isString)
  const launchType = input.launchType
  const none = (launchType !== undefined && launchType !== 'EC2' && launchType !== 'FARGATE') || input.resourceManagementType === 'ECS'
  const page = await deps.store.read(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    if (none) return { items: [] }
    return scanPage(
      limit,
      after,
      (from, n) => tx.services.list({ clusterArn: cluster.arn, after: from, limit: n, status: 'ACTIVE' }),
      (s) => (input.schedulingStrategy === undefined || s.schedulingStrategy === input.schedulingStrategy) && (launchType === undefined || s.launchType === launchType),
      (s) => s.arn,
    )
  })
  return { serviceArns: page.items.map((s) => s.arn), ...(page.nextToken ? { nextToken: page.nextToken } : {}) }
}
