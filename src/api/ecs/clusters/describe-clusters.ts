import type { DescribeClustersRequest, DescribeClustersResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { EcsOperation } from '../deps.js'
import { clusterArnOf, missing } from '../resolve.js'
import { viewCluster } from './cluster-view.js'

/** Unknown clusters come back in `failures` as MISSING; deleted ones as INACTIVE clusters. */
export const describeClusters: EcsOperation<DescribeClustersRequest, DescribeClustersResponse> = async (input, deps) => {
  const refs = input.clusters?.length ? input.clusters : ['default']
  if (refs.length > 100) throw EcsErrors.invalidParameter('You can describe up to 100 clusters at a time.')
  return deps.store.read(async (tx) => {
    const out: DescribeClustersResponse = { clusters: [], failures: [] }
    for (const ref of refs) {
      const arn = clusterArnOf(ref, deps)
      const cluster = await tx.clusters.get(arn)
      if (cluster) out.clusters!.push(await viewCluster(tx, cluster, input.include ?? []))
      else out.failures!.push(missing(arn))
    }
    return out
  })
}
