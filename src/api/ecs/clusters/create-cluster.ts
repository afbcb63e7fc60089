import type { CreateClusterRequest, CreateClusterResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { ClusterRecord } from '../../../core/model/cluster.js'
import type { EcsOperation } from '../deps.js'
import { effectiveSetting } from '../account-settings/effective-setting.js'
import { principalOf, rootPrincipal } from '../account-settings/principal.js'
import { checkClusterProviders } from '../capacity-providers/cluster-providers.js'
import { checkTags } from '../tags/check-tags.js'
import { viewCluster, WHOLE_CLUSTER } from './cluster-view.js'

const CLUSTER_NAME = /^[A-Za-z0-9_-]{1,255}$/

/**
 * Idempotent by name: creating an ACTIVE cluster again returns it unchanged. Without
 * settings, containerInsights is the caller's account setting (its own, else the account
 * default, else disabled), as ECS fills it in.
 */
export const createCluster: EcsOperation<CreateClusterRequest, CreateClusterResponse> = async (input, deps, ctx) => {
  const name = input.clusterName ?? 'default'
  if (!CLUSTER_NAME.test(name)) {
    throw EcsErrors.invalidParameter(
      'Cluster name must be 1 to 255 characters long and contain only letters, numbers, hyphens and underscores.',
    )
  }
  const tags = checkTags(input.tags ?? [])
  const arn = deps.arns.cluster(name)
  return deps.store.txn(async (tx) => {
    const existing = await tx.clusters.get(arn)
    if (existing?.status === 'ACTIVE') return { cluster: await viewCluster(tx, existing, WHOLE_CLUSTER) }
    await checkClusterProviders(tx, arn, input.capacityProviders ?? [], input.defaultCapacityProviderStrategy ?? [])
    const cluster: ClusterRecord = {
      arn,
      name,
      status: 'ACTIVE',
      settings: input.settings?.length
        ? input.settings
        : [{ name: 'containerInsights', value: await effectiveSetting(tx, principalOf(undefined, deps.partition, ctx), rootPrincipal(deps.partition), 'containerInsights') }],
      ...(input.configuration ? { configuration: input.configuration } : {}),
      capacityProviders: input.capacityProviders ?? [],
      defaultCapacityProviderStrategy: input.defaultCapacityProviderStrategy ?? [],
      ...(input.serviceConnectDefaults ? { serviceConnectDefaults: input.serviceConnectDefaults } : {}),
      createdAt: deps.clock.now(),
    }
    await tx.clusters.put(cluster)
    // A cluster created again after deletion starts with no tags from its earlier life.
    const old = await tx.tags.get(arn)
    await tx.tags.remove(arn, old.map((t) => t.key))
    await tx.tags.put(arn, tags)
    return { cluster: await viewCluster(tx, cluster, WHOLE_CLUSTER) }
  })
}
