import type { DeleteLoadBalancerInput } from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import type { ElbOperation } from '../deps.js'
import { removeListener } from '../listeners/delete-listener.js'
import { dropTags } from '../tags.js'

/**
 * Deletes the load balancer with its listeners and their rules (and all their tags); its
 * target groups and their targets stay. Deleting one that does not exist succeeds, as on AWS.
 */
export const deleteLoadBalancer: ElbOperation<DeleteLoadBalancerInput, object> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    const lb = await tx.loadBalancers.get(input.LoadBalancerArn)
    if (!lb) return {}
    if (lb.attributes['deletion_protection.enabled'] === 'true') {
      throw ElbErrors.operationNotPermitted(`Load balancer '${lb.arn}' cannot be deleted because deletion protection is enabled`)
    }
    for (const listener of await tx.listeners.forLoadBalancer(lb.arn)) await removeListener(tx, listener)
    await tx.loadBalancers.delete(lb.arn)
    await dropTags(tx, lb.arn)
    return {}
  })
