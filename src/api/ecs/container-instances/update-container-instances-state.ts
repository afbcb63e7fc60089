import type {
  UpdateContainerInstancesStateRequest,
  UpdateContainerInstancesStateResponse,
} from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { EcsOperation } from '../deps.js'
import { missing, requireCluster } from '../resolve.js'
import { findInstance } from './instance-ref.js'
import { nextInstanceStatus, type SettableStatus } from './instance-status.js'
import { viewContainerInstance } from './instance-view.js'

/** ECS updates up to 10 instances per call. */
const MAX_UPDATE = 10

/**
 * Sets instances ACTIVE or DRAINING. Instances the cluster does not hold are MISSING in
 * `failures`; instances that cannot change (INACTIVE...) are there with their status as the
 * reason; the rest change in one transaction. What draining does to tasks belongs to the
 * service scheduler, which reads the status.
 */
export const updateContainerInstancesState: EcsOperation<UpdateContainerInstancesStateRequest, UpdateContainerInstancesStateResponse> = async (
  input,
  deps,
) => {
  const refs = input.containerInstances
  if (input.status !== 'ACTIVE' && input.status !== 'DRAINING') {
    throw EcsErrors.invalidParameter(`Container instances can only be set to ACTIVE or DRAINING, not ${input.status}.`)
  }
  const requested: SettableStatus = input.status
  return deps.store.txn(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    // A missing cluster is ClusterNotFoundException before the list is judged: ECS checks in that order.
    if (refs.length === 0) throw EcsErrors.invalidParameter('containerInstances must name at least one container instance.')
    if (refs.length > MAX_UPDATE) throw EcsErrors.invalidParameter(`You can update up to ${MAX_UPDATE} container instances at a time.`)
    const out: Required<UpdateContainerInstancesStateResponse> = { containerInstances: [], failures: [] }
    for (const ref of refs) {
      const { arn, instance } = await findInstance(tx, cluster, ref, deps.arns)
      if (!instance) {
        out.failures.push(missing(arn))
        continue
      }
      const next = nextInstanceStatus(instance.status, requested)
      if ('failure' in next) {
        out.failures.push({ arn, reason: next.failure, detail: next.detail })
        continue
      }
      const updated = next.changed ? { ...instance, status: next.status, version: instance.version + 1 } : instance
      if (next.changed) await tx.containerInstances.put(updated)
      out.containerInstances.push(await viewContainerInstance(tx, updated))
    }
    return out
  })
}
