import type { DeleteClusterRequest, DeleteClusterResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { EcsOperation } from '../deps.js'
import { requireCluster } from '../resolve.js'
import { countDrainingServices, viewCluster, WHOLE_CLUSTER } from './cluster-view.js'

/**
 * Marks the cluster INACTIVE (still describable, as on ECS). Refused while it holds registered
 * instances, ACTIVE or DRAINING services, or tasks, checked in that order as ECS does.
 */
export const deleteCluster: EcsOperation<DeleteClusterRequest, DeleteClusterResponse> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    const view = await viewCluster(tx, cluster, WHOLE_CLUSTER)
    if (view.registeredContainerInstancesCount) throw EcsErrors.clusterContainsInstances()
    // A DRAINING service still has tasks to stop: the cluster holds it until it is INACTIVE.
    if (view.activeServicesCount || (await countDrainingServices(tx, cluster.arn))) throw EcsErrors.clusterContainsServices()
    if (view.runningTasksCount || view.pendingTasksCount) throw EcsErrors.clusterContainsTasks()
    const deleted = { ...cluster, status: 'INACTIVE' as const }
    await tx.clusters.put(deleted)
    return { cluster: await viewCluster(tx, deleted, WHOLE_CLUSTER) }
  })
