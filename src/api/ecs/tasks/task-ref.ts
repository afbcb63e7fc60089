import type { EcsDeps } from '../deps.js'
import type { ClusterRecord } from '../../../core/model/cluster.js'

/** Tasks are named by their ARN or by the 32-hex id at its end, within a cluster. */
export function taskArnOf(ref: string, cluster: ClusterRecord, deps: Pick<EcsDeps, 'arns'>): string {
  return ref.startsWith('arn:') ? ref : deps.arns.task(cluster.name, ref)
}

/** Container instances likewise: an ARN, or the id at its end. */
export function containerInstanceArnOf(ref: string, cluster: ClusterRecord, deps: Pick<EcsDeps, 'arns'>): string {
  return ref.startsWith('arn:') ? ref : deps.arns.containerInstance(cluster.name, ref)
}
