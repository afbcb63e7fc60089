import type {
  DescribeLoadBalancerAttributesInput,
  DescribeLoadBalancerAttributesOutput,
  ModifyLoadBalancerAttributesInput,
  ModifyLoadBalancerAttributesOutput,
} from '../../../core/aws-model/elbv2.types.js'
import type { ElbOperation } from '../deps.js'
import { requireLoadBalancer } from '../resolve.js'
import { attributeList } from '../views.js'
import { applyLbAttributes } from './lb-attributes.js'

export const describeLoadBalancerAttributes: ElbOperation<DescribeLoadBalancerAttributesInput, DescribeLoadBalancerAttributesOutput> = async (input, deps) =>
  deps.store.read(async (tx) => ({ Attributes: attributeList((await requireLoadBalancer(tx, input.LoadBalancerArn)).attributes) }))

/** All or nothing: one bad attribute refuses the call. Answers every attribute, as AWS does. */
export const modifyLoadBalancerAttributes: ElbOperation<ModifyLoadBalancerAttributesInput, ModifyLoadBalancerAttributesOutput> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    const lb = await requireLoadBalancer(tx, input.LoadBalancerArn)
    const attributes = applyLbAttributes(lb.attributes, input.Attributes)
    await tx.loadBalancers.put({ ...lb, attributes })
    return { Attributes: attributeList(attributes) }
  })
