import type { ListServiceDeploymentsRequest, ListServiceDeploymentsResponse } from '../../../core/aws-model/ecs.types.js'
import { fromWireTimestamp } from '../../../core/clock.js'
import type { EcsOperation } from '../deps.js'
import { decodeToken, fetchPage, isString, pageSize } from '../pagination.js'
import { requireCluster } from '../resolve.js'
import { serviceDeploymentBrief } from './service-deployment-view.js'
import { requireService } from './service-ref.js'

/** ListServiceDeployments' default page (ECS's model). */
const DEFAULT_MAX_RESULTS = 20

/**
 * ListServiceDeployments: a service's deployments, newest first (ECS leaves the order
 * unsaid; users read the first as the latest), filtered by status (none given: all) and by
 * creation time (`after` and `before` both inclusive).
 */
export const listServiceDeployments: EcsOperation<ListServiceDeploymentsRequest, ListServiceDeploymentsResponse> = async (input, deps) => {
  const limit = pageSize(input.maxResults ?? DEFAULT_MAX_RESULTS)
  const after = decodeToken(input.nextToken, isString)
  const statuses = input.status?.length ? input.status : undefined
  const { after: from, before: to } = input.createdAt ?? {}
  const page = await deps.store.read(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    const service = await requireService(tx, input.service, cluster, deps)
    return fetchPage(
      limit,
      (n) =>
        tx.serviceDeployments.list({
          serviceArn: service.arn,
          after,
          limit: n,
          ...(statuses ? { statuses } : {}),
          ...(from !== undefined ? { createdAfter: fromWireTimestamp(from) } : {}),
          ...(to !== undefined ? { createdBefore: fromWireTimestamp(to) } : {}),
        }),
      (d) => d.arn,
    )
  })
  return { serviceDeployments: page.items.map(serviceDeploymentBrief), ...(page.nextToken ? { nextToken: page.nextToken } : {}) }
}
