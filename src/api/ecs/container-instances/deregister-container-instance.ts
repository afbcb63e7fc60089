import type { DeregisterContainerInstanceRequest, DeregisterContainerInstanceResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { EcsOperation } from '../deps.js'
import { requireCluster } from '../resolve.js'
import { requireInstance } from './instance-ref.js'
import { mayDeregister } from './instance-status.js'
import { tasksOnInstance } from '../../../scheduler/apply/index.js'
import { viewContainerInstance } from './instance-view.js'

/**
 * Marks the instance INACTIVE: still describable, no longer listed or counted, never placed on
 * again. Deregistering an instance that already is INACTIVE returns it unchanged.
 */
export const deregisterContainerInstance: EcsOperation<DeregisterContainerInstanceRequest, DeregisterContainerInstanceResponse> = async (
  input,
  deps,
) =>
  deps.store.txn(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    const instance = await requireInstance(tx, cluster, input.containerInstance, deps.arns)
    if (instance.status === 'INACTIVE') return { containerInstance: await viewContainerInstance(tx, instance) }
    if (!mayDeregister(await tasksOnInstance(tx, instance), input.force ?? false)) throw EcsErrors.containerInstanceHasTasks()
    const deregistered = { ...instance, status: 'INACTIVE' as const, version: instance.version + 1 }
    await tx.containerInstances.put(deregistered)
    return { containerInstance: await viewContainerInstance(tx, deregistered) }
  })
