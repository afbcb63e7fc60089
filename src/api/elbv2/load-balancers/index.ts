import { createLoadBalancer } from './create-load-balancer.js'
import { deleteLoadBalancer } from './delete-load-balancer.js'
import { describeLoadBalancers } from './describe-load-balancers.js'
import { describeLoadBalancerAttributes, modifyLoadBalancerAttributes } from './load-balancer-attributes.js'

export const loadBalancerOperations = {
  CreateLoadBalancer: createLoadBalancer,
  DescribeLoadBalancers: describeLoadBalancers,
  DeleteLoadBalancer: deleteLoadBalancer,
  DescribeLoadBalancerAttributes: describeLoadBalancerAttributes,
  ModifyLoadBalancerAttributes: modifyLoadBalancerAttributes,
}
