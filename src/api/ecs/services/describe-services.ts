import type { DescribeServicesRequest, DescribeServicesResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { EcsOperation } from '../deps.js'
import { missing, requireCluster } from '../resolve.js'
import { findService, serviceArnOf } from './service-ref.js'
import { viewService } from './service-view.js'

/** ECS's limit and its text for more (observed: remind101/empire#468). */
const MAX_SERVICES = 10

/**
 * DescribeServices: services of any status (DRAINING and INACTIVE ones too, as ECS shows
 * them); unknown ones in `failures` as MISSING, under the ARN the reference names.
 */
export const describeServices: EcsOperation<DescribeServicesRequest, DescribeServicesResponse> = async (input, deps) => {
  const tags = input.include?.includes('TAGS') ?? false
  return deps.store.read(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    // A missing cluster is ClusterNotFoundException before the list is judged: ECS checks in that order.
    if (input.services.length === 0) throw EcsErrors.invalidParameter('Services cannot be empty.')
    if (input.services.length > MAX_SERVICES) throw EcsErrors.invalidParameter('service names can have at most 10 items.')
    const out: DescribeServicesResponse = { services: [], failures: [] }
    for (const ref of input.services) {
      const service = await findService(tx, ref, cluster, deps)
      if (service) out.services!.push(await viewService(tx, service, { tags }))
      else out.failures!.push(missing(serviceArnOf(ref, cluster, deps)))
    }
    return out
  })
}
