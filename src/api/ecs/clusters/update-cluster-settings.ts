import type { UpdateClusterSettingsRequest, UpdateClusterSettingsResponse } from '../../../core/aws-model/ecs.types.js'
import type { EcsOperation } from '../deps.js'
import { requireCluster } from '../resolve.js'
import { applyClusterSettings } from './cluster-settings.js'
import { viewCluster, WHOLE_CLUSTER } from './cluster-view.js'

/** UpdateClusterSettings: containerInsights stored and answered back with the whole cluster. */
export const updateClusterSettings: EcsOperation<UpdateClusterSettingsRequest, UpdateClusterSettingsResponse> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    const updated = { ...cluster, settings: applyClusterSettings(cluster.settings, input.settings) }
    await tx.clusters.put(updated)
    return { cluster: await viewCluster(tx, updated, WHOLE_CLUSTER) }
  })
