import type { DescribeContainerInstancesRequest, DescribeContainerInstancesResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { EcsOperation } from '../deps.js'
import { missing, requireCluster } from '../resolve.js'
import { findInstance } from './instance-ref.js'
import { viewContainerInstance } from './instance-view.js'

/** ECS describes up to 100 instances per call. */
const MAX_DESCRIBE = 100

/**
 * Takes ids or ARNs; what the cluster does not hold comes back in `failures` as MISSING.
 * Deregistered instances are described, with status INACTIVE.
 */
export const describeContainerInstances: EcsOperation<DescribeContainerInstancesRequest, DescribeContainerInstancesResponse> = async (
  input,
  deps,
) => {
  const refs = input.containerInstances
  return deps.store.read(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    // A missing cluster is ClusterNotFoundException before the list is judged: ECS checks in that order.
    if (refs.length === 0) throw EcsErrors.invalidParameter('containerInstances must name at least one container instance.')
    if (refs.length > MAX_DESCRIBE) throw EcsErrors.invalidParameter(`You can describe up to ${MAX_DESCRIBE} container instances at a time.`)
    const out: Required<Pick<DescribeContainerInstancesResponse, 'containerInstances' | 'failures'>> = { containerInstances: [], failures: [] }
    for (const ref of refs) {
      const { arn, instance } = await findInstance(tx, cluster, ref, deps.arns)
      if (instance) out.containerInstances.push(await viewContainerInstance(tx, instance, input.include ?? []))
      else out.failures.push(missing(arn))
    }
    return out
  })
}
