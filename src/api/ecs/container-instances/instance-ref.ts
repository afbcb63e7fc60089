import type { EcsArns } from '../../../core/arn.js'
import { EcsErrors } from '../../../core/errors.js'
import type { ClusterRecord } from '../../../core/model/cluster.js'
import type { ContainerInstanceRecord } from '../../../core/model/container-instance.js'
import type { ReadTx } from '../../../state/store.js'

/** ECS issues 32-hex-digit ids (UUIDs before the long ARN format); both fit this. */
const INSTANCE_ID = /^[A-Za-z0-9-]{1,64}$/

/**
 * The ARN a container instance reference names within `cluster`: a full ARN
 * (`container-instance/<cluster>/<id>`, or the older `container-instance/<id>`) or a bare id.
 * Undefined when it cannot name an instance of this cluster (another cluster's ARN, another
 * region's, something that is not an instance ARN at all).
 */
export function instanceArnOf(ref: string, cluster: ClusterRecord, arns: EcsArns): string | undefined {
  if (!ref.startsWith('arn:')) return INSTANCE_ID.test(ref) ? arns.containerInstance(cluster.name, ref) : undefined
  const parts = arns.resourceOf(ref)?.split('/')
  if (!parts || parts[0] !== 'container-instance') return undefined
  const [, first = '', second] = parts
  if (parts.length === 2 && INSTANCE_ID.test(first)) return arns.containerInstance(cluster.name, first)
  if (parts.length === 3 && first === cluster.name && INSTANCE_ID.test(second ?? '')) return ref
  return undefined
}

/**
 * Looks an instance up by reference within a cluster, deregistered ones included. `arn` is
 * what a Describe* failure reports: the resolved ARN, or the reference as given.
 */
export async function findInstance(
  tx: ReadTx,
  cluster: ClusterRecord,
  ref: string,
  arns: EcsArns,
): Promise<{ arn: string; instance?: ContainerInstanceRecord }> {
  const arn = instanceArnOf(ref, cluster, arns)
  if (arn === undefined) return { arn: ref }
  const instance = await tx.containerInstances.get(arn)
  return instance && instance.clusterArn === cluster.arn ? { arn, instance } : { arn }
}

/** The instance a reference names, or the InvalidParameterException ECS answers for none. */
export async function requireInstance(tx: ReadTx, cluster: ClusterRecord, ref: string, arns: EcsArns): Promise<ContainerInstanceRecord> {
  const { instance } = await findInstance(tx, cluster, ref, arns)
  if (!instance) throw EcsErrors.containerInstanceNotFound(ref)
  return instance
}
