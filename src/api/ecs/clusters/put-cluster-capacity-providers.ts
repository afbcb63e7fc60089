import type { PutClusterCapacityProvidersRequest, PutClusterCapacityProvidersResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { checkClusterProviders, providerInUse } from '../capacity-providers/cluster-providers.js'
import type { EcsOperation } from '../deps.js'
import { requireCluster } from '../resolve.js'
import { viewCluster } from './cluster-view.js'

/**
 * Replaces a cluster's capacity providers and default strategy (both required, as on ECS:
 * the list names every provider the cluster keeps). A provider taken off the list while a
 * task or service of the cluster uses it is refused with ResourceInUseException, and
 * nothing changes.
 */
export const putClusterCapacityProviders: EcsOperation<PutClusterCapacityProvidersRequest, PutClusterCapacityProvidersResponse> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    await checkClusterProviders(tx, cluster.arn, input.capacityProviders, input.defaultCapacityProviderStrategy)
    for (const removed of cluster.capacityProviders.filter((n) => !input.capacityProviders.includes(n))) {
      if (await providerInUse(tx, cluster, removed)) throw EcsErrors.capacityProviderInUse()
    }
    const updated = {
      ...cluster,
      capacityProviders: [...input.capacityProviders],
      defaultCapacityProviderStrategy: input.defaultCapacityProviderStrategy.map((i) => ({ ...i })),
    }
    await tx.clusters.put(updated)
    return { cluster: await viewCluster(tx, updated, ['SETTINGS', 'CONFIGURATIONS']) }
  })
