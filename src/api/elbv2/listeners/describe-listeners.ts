import type { DescribeListenersInput, DescribeListenersOutput } from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import type { ListenerRecord } from '../../../core/model/listener.js'
import type { ElbOperation } from '../deps.js'
import { page } from '../pagination.js'
import { requireLoadBalancer } from '../resolve.js'
import { listenerView } from '../views.js'

/** A load balancer's listeners (by port), or listeners by ARN: one of the two. */
export const describeListeners: ElbOperation<DescribeListenersInput, DescribeListenersOutput> = async (input, deps) => {
  const byArn = input.ListenerArns?.length ? input.ListenerArns : undefined
  if (!byArn && input.LoadBalancerArn === undefined) throw ElbErrors.validation('You must specify either listener ARNs or a load balancer ARN')
  if (byArn && input.LoadBalancerArn !== undefined) throw ElbErrors.validation('Listener ARNs and a load balancer ARN cannot be specified at the same time')
  const listeners = await deps.store.read(async (tx): Promise<ListenerRecord[]> => {
    if (byArn) {
      const found = await Promise.all(byArn.map((arn) => tx.listeners.get(arn)))
      if (found.some((l) => !l)) throw ElbErrors.listenerNotFound()
      return found as ListenerRecord[]
    }
    return tx.listeners.forLoadBalancer((await requireLoadBalancer(tx, input.LoadBalancerArn!)).arn)
  })
  const { items, nextMarker } = page(listeners, input.Marker, input.PageSize)
  return { Listeners: items.map(listenerView), ...(nextMarker ? { NextMarker: nextMarker } : {}) }
}
