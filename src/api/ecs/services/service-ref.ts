import { EcsErrors } from '../../../core/errors.js'
import type { ClusterRecord } from '../../../core/model/cluster.js'
import type { ServiceRecord } from '../../../core/model/service.js'
import type { ReadTx } from '../../../state/store.js'
import type { EcsDeps } from '../deps.js'

/**
 * The ARN a request's service reference names, within the request's cluster:
 *   web                                            → service/<cluster>/web
 *   arn:aws:ecs:<region>:<account>:service/<c>/web → itself (found only when <c> is the cluster)
 *   arn:aws:ecs:<region>:<account>:service/web     → service/<cluster>/web: the short ARN of
 *     before 2018 (`serviceLongArnFormat`), which names no cluster; scripts still use it
 * Anything else (another region or account, another resource) is returned as it is: it names
 * nothing Berth holds, and Describe* report it MISSING under the name the caller gave.
 */
export function serviceArnOf(ref: string, cluster: Pick<ClusterRecord, 'name'>, deps: Pick<EcsDeps, 'arns'>): string {
  if (!ref.startsWith('arn:')) return deps.arns.service(cluster.name, ref)
  const resource = deps.arns.resourceOf(ref)
  if (!resource?.startsWith('service/')) return ref
  const path = resource.slice('service/'.length)
  return path.includes('/') ? ref : deps.arns.service(cluster.name, path)
}

/** The service a reference names in a cluster, whatever its status; ServiceNotFoundException if none. */
export async function findService(tx: ReadTx, ref: string, cluster: ClusterRecord, deps: Pick<EcsDeps, 'arns'>): Promise<ServiceRecord | undefined> {
  const service = await tx.services.get(serviceArnOf(ref, cluster, deps))
  return service && service.clusterArn === cluster.arn ? service : undefined
}

export async function requireService(tx: ReadTx, ref: string, cluster: ClusterRecord, deps: Pick<EcsDeps, 'arns'>): Promise<ServiceRecord> {
  const service = await findService(tx, ref, cluster, deps)
  if (!service) throw EcsErrors.serviceNotFound()
  return service
}

/** The service UpdateService may change: ACTIVE, else ServiceNotActiveException as ECS answers. */
export async function requireActiveService(tx: ReadTx, ref: string, cluster: ClusterRecord, deps: Pick<EcsDeps, 'arns'>): Promise<ServiceRecord> {
  const service = await requireService(tx, ref, cluster, deps)
  if (service.status !== 'ACTIVE') throw EcsErrors.serviceNotActive()
  return service
}
