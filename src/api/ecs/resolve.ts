import { parseArn } from '../../core/arn.js'
import { EcsErrors } from '../../core/errors.js'
import type { ClusterRecord } from '../../core/model/cluster.js'
import type { ReadTx } from '../../state/store.js'
import type { EcsDeps } from './deps.js'

/** `cluster` members take a name or an ARN and default to "default". */
export function clusterArnOf(ref: string | undefined, deps: Pick<EcsDeps, 'arns'>): string {
  const value = ref ?? 'default'
  if (!value.startsWith('arn:')) return deps.arns.cluster(value)
  return value
}

/** The name in a cluster ARN, or the reference itself when it is a name. */
export function clusterNameOf(ref: string): string {
  if (!ref.startsWith('arn:')) return ref
  const parsed = parseArn(ref)
  return parsed?.resource.startsWith('cluster/') ? parsed.resource.slice('cluster/'.length) : ref
}

/** The ACTIVE cluster a request names; ClusterNotFoundException otherwise, as ECS answers. */
export async function requireCluster(tx: ReadTx, ref: string | undefined, deps: Pick<EcsDeps, 'arns'>): Promise<ClusterRecord> {
  const cluster = await tx.clusters.get(clusterArnOf(ref, deps))
  if (!cluster || cluster.status !== 'ACTIVE') throw EcsErrors.clusterNotFound()
  return cluster
}

/** A Describe* failure entry: ECS reports ids it cannot find as MISSING. */
export const missing = (arn: string) => ({ arn, reason: 'MISSING' })
