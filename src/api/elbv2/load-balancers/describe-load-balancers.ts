import type { DescribeLoadBalancersInput, DescribeLoadBalancersOutput } from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import type { LoadBalancerRecord } from '../../../core/model/load-balancer.js'
import type { ElbOperation } from '../deps.js'
import { page } from '../pagination.js'
import { loadBalancerView } from '../views.js'

/** All, or those named by ARN or by name (not both); any one missing is LoadBalancerNotFound, as the waiters expect. */
export const describeLoadBalancers: ElbOperation<DescribeLoadBalancersInput, DescribeLoadBalancersOutput> = async (input, deps) => {
  const { LoadBalancerArns: arns, Names: names } = input
  if (arns?.length && names?.length) throw ElbErrors.validation('Load balancer names and load balancer ARNs cannot be specified at the same time')
  if ((arns?.length ?? 0) > 20) throw ElbErrors.validation('At most 20 load balancer ARNs can be specified')
  const lbs = await deps.store.read(async (tx): Promise<LoadBalancerRecord[]> => {
    if (arns?.length) {
      const found = await Promise.all(arns.map((arn) => tx.loadBalancers.get(arn)))
      if (found.some((lb) => !lb)) throw ElbErrors.loadBalancerNotFound()
      return found as LoadBalancerRecord[]
    }
    if (names?.length) {
      const found = await Promise.all(names.map((n) => tx.loadBalancers.byName(n)))
      const missing = names.filter((_, i) => !found[i])
      if (missing.length > 0) throw ElbErrors.loadBalancersByNameNotFound(missing)
      return found as LoadBalancerRecord[]
    }
    return (await tx.loadBalancers.list()).sort((a, b) => a.createdAt - b.createdAt || a.arn.localeCompare(b.arn))
  })
  const { items, nextMarker } = page(lbs, input.Marker, input.PageSize)
  return { LoadBalancers: items.map(loadBalancerView), ...(nextMarker ? { NextMarker: nextMarker } : {}) }
}
