import type { DeleteCapacityProviderRequest, DeleteCapacityProviderResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { CapacityProviderRecord } from '../../../core/model/capacity-provider.js'
import { isFargateProvider } from '../../../core/model/capacity-provider-strategy.js'
import type { ClusterRecord } from '../../../core/model/cluster.js'
import type { ReadTx } from '../../../state/store.js'
import type { EcsOperation } from '../deps.js'
import { providerNameOf } from './provider-ref.js'
import { viewProvider } from './provider-view.js'

/**
 * Deletes a provider no cluster lists. ECS deletes asynchronously and, for a provider still
 * associated with a cluster, answers with the provider in updateStatus DELETE_FAILED and the
 * reason, leaving it ACTIVE; Berth answers the same way. Deletion itself is immediate here:
 * the provider is INACTIVE with DELETE_COMPLETE (ECS passes through DELETE_IN_PROGRESS first).
 * A provider in a service's strategy is always associated with that service's cluster, so
 * the association is the one check.
 */
export const deleteCapacityProvider: EcsOperation<DeleteCapacityProviderRequest, DeleteCapacityProviderResponse> = async (input, deps) => {
  const name = providerNameOf(input.capacityProvider, deps.arns)
  if (isFargateProvider(name)) throw EcsErrors.client(`The ${name} capacity provider is managed by AWS and cannot be deleted.`)
  return deps.store.txn(async (tx) => {
    const p = await tx.capacityProviders.get(name)
    if (!p || p.status !== 'ACTIVE') throw EcsErrors.capacityProviderNotFound()
    const cluster = await firstClusterListing(tx, name)
    const updated: CapacityProviderRecord = cluster
      ? {
          ...p,
          updateStatus: 'DELETE_FAILED',
          updateStatusReason: `The capacity provider cannot be deleted because it is associated with cluster: ${cluster.name}. Remove the capacity provider from the cluster and try again.`,
        }
      : { ...p, status: 'INACTIVE', updateStatus: 'DELETE_COMPLETE' }
    if (!cluster) delete updated.updateStatusReason
    await tx.capacityProviders.put(updated)
    return { capacityProvider: viewProvider(updated) }
  })
}

/** The first ACTIVE cluster that lists the provider, if any. */
async function firstClusterListing(tx: ReadTx, name: string): Promise<ClusterRecord | undefined> {
  let after: string | undefined
  for (;;) {
    const page = await tx.clusters.list({ after, limit: 100, status: 'ACTIVE' })
    const found = page.find((c) => c.capacityProviders.includes(name))
    if (found || page.length < 100) return found
    after = page[page.length - 1]!.arn
  }
}
