import type { EcsArns } from '../arn.js'
import type { ClusterRecord } from './cluster.js'

/**
 * The Fargate pool's facts that the API, the scheduler and `berth up` share.
 *
 * The pool's hosts register into a cluster of their own, FARGATE_POOL_CLUSTER, that is never
 * stored as a cluster: no ListClusters, DescribeClusters or cluster count sees it, and since
 * every container-instance query is by cluster, no ListContainerInstances of a user's cluster
 * sees them either. Its name has a dot, which no cluster name can have (CreateCluster allows
 * letters, digits, hyphens and underscores), so no user cluster can ever be it.
 */
export const FARGATE_POOL_CLUSTER = 'berth.fargate-pool'

/** The one platform version Berth's pool runs; LATEST resolves to it (as on AWS today). */
export const FARGATE_PLATFORM_VERSION = '1.4.0'
export const FARGATE_PLATFORM_VERSIONS: readonly string[] = ['LATEST', FARGATE_PLATFORM_VERSION]
/** What DescribeTasks and DescribeServices show as a Linux Fargate task's platformFamily. */
export const FARGATE_PLATFORM_FAMILY = 'Linux'
/** Every Fargate task on platform 1.4.0 gets 20 GiB of ephemeral storage unless it asks for more. */
export const FARGATE_DEFAULT_EPHEMERAL_GIB = 20

export const isFargatePoolCluster = (clusterArn: string, arns: Pick<EcsArns, 'cluster'>): boolean => clusterArn === arns.cluster(FARGATE_POOL_CLUSTER)

/**
 * The pool's cluster as registration needs one (never stored: see FARGATE_POOL_CLUSTER). The
 * pool serves every cluster, so it has no settings or capacity providers of its own.
 */
export function fargatePoolCluster(arns: Pick<EcsArns, 'cluster'>): ClusterRecord {
  return {
    arn: arns.cluster(FARGATE_POOL_CLUSTER),
    name: FARGATE_POOL_CLUSTER,
    status: 'ACTIVE',
    settings: [],
    capacityProviders: [],
    defaultCapacityProviderStrategy: [],
    createdAt: 0,
  }
}
