import type { CapacityProviderStrategyItem } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { isFargateProvider } from '../../../core/model/capacity-provider-strategy.js'
import type { ClusterRecord } from '../../../core/model/cluster.js'
import type { ReadTx } from '../../../state/store.js'
import { checkStrategy } from './check-strategy.js'

/** ECS's quota of capacity providers per cluster. */
export const MAX_CLUSTER_PROVIDERS = 20

/**
 * The providers a cluster may list and its default strategy, checked as ECS checks
 * CreateCluster and PutClusterCapacityProviders: each one FARGATE, FARGATE_SPOT or an ACTIVE
 * provider of the account, an Auto Scaling group provider on one cluster only (its group's
 * instances belong to one cluster), and the default strategy valid over that list.
 */
export async function checkClusterProviders(
  tx: ReadTx,
  clusterArn: string,
  names: readonly string[],
  defaultStrategy: readonly CapacityProviderStrategyItem[],
): Promise<void> {
  if (names.length > MAX_CLUSTER_PROVIDERS) throw EcsErrors.invalidParameter('The maximum number of capacity providers per cluster has been exceeded.')
  if (new Set(names).size !== names.length) throw EcsErrors.invalidParameter('The list of capacity providers names a capacity provider more than once.')
  for (const name of names) {
    if (isFargateProvider(name)) continue
    const p = await tx.capacityProviders.get(name)
    if (!p || p.status !== 'ACTIVE') throw EcsErrors.invalidParameter('The specified capacity provider was not found. Specify a valid capacity provider and try again.')
    const other = await clusterListing(tx, name, clusterArn)
    if (other) {
      throw EcsErrors.invalidParameter(
        `The capacity provider ${name} is already associated with cluster ${other.name}. An Auto Scaling group capacity provider can be associated with one cluster only.`,
      )
    }
  }
  checkStrategy(defaultStrategy, names)
}

/** An ACTIVE cluster other than `except` that lists the provider. */
async function clusterListing(tx: ReadTx, name: string, except: string): Promise<ClusterRecord | undefined> {
  let after: string | undefined
  for (;;) {
    const page = await tx.clusters.list({ after, limit: 100, status: 'ACTIVE' })
    const found = page.find((c) => c.arn !== except && c.capacityProviders.includes(name))
    if (found || page.length < 100) return found
    after = page[page.length - 1]!.arn
  }
}

/**
 * Whether a cluster's tasks or services use the provider: a task not yet STOPPED that runs on
 * it, or a service (ACTIVE or DRAINING) whose strategy names it. ECS refuses to remove such a
 * provider from the cluster (ResourceInUseException).
 */
export async function providerInUse(tx: ReadTx, cluster: ClusterRecord, name: string): Promise<boolean> {
  let after: string | undefined
  for (;;) {
    const page = await tx.tasks.list({ clusterArn: cluster.arn, after, limit: 500 })
    if (page.some((t) => t.lastStatus !== 'STOPPED' && t.capacityProviderName === name)) return true
    if (page.length < 500) break
    after = page[page.length - 1]!.arn
  }
  after = undefined
  for (;;) {
    const page = await tx.services.list({ clusterArn: cluster.arn, after, limit: 100 })
    if (page.some((s) => s.status !== 'INACTIVE' && (s.capacityProviderStrategy ?? []).some((i) => i.capacityProvider === name))) return true
    if (page.length < 100) return false
    after = page[page.length - 1]!.arn
  }
}
