import type { UpdateClusterRequest, UpdateClusterResponse } from '../../../core/aws-model/ecs.types.js'
import type { EcsOperation } from '../deps.js'
import { requireCluster } from '../resolve.js'
import { applyClusterSettings } from './cluster-settings.js'
import { viewCluster, WHOLE_CLUSTER } from './cluster-view.js'

/**
 * UpdateCluster: settings (containerInsights) as UpdateClusterSettings takes them.
 * `configuration` and `serviceConnectDefaults` are refused by name (refused-members.ts):
 * Berth has no ECS Exec or managed-storage KMS to reconfigure, nor Cloud Map namespaces.
 */
export const updateCluster: EcsOperation<UpdateClusterRequest, UpdateClusterResponse> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    const updated = { ...cluster, settings: applyClusterSettings(cluster.settings, input.settings ?? []) }
    await tx.clusters.put(updated)
    return { cluster: await viewCluster(tx, updated, WHOLE_CLUSTER) }
  })
