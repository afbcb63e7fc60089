import type { DescribeSSLPoliciesInput, DescribeSSLPoliciesOutput, SslPolicy } from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import { SSL_POLICIES, sslPolicyNamed, type SslPolicyDefinition } from '../../../core/model/ssl-policies.js'
import type { ElbOperation } from '../deps.js'
import { page } from '../pagination.js'

/** Every listed policy serves HTTPS listeners of ALBs and TLS listeners of NLBs; gateway load balancers have none. */
const SUPPORTED_TYPES = ['application', 'network']

const view = (p: SslPolicyDefinition): SslPolicy => ({
  SslProtocols: [...p.protocols],
  Ciphers: p.ciphers.map((Name, i) => ({ Name, Priority: i + 1 })),
  Name: p.name,
  SupportedLoadBalancerTypes: SUPPORTED_TYPES,
})

/**
 * ELB's predefined security policies (core/model/ssl-policies.ts): all of them, or those
 * named (an unknown name is SSLPolicyNotFound), of one load balancer type when asked.
 */
export const describeSslPolicies: ElbOperation<DescribeSSLPoliciesInput, DescribeSSLPoliciesOutput> = async (input) => {
  let policies: readonly SslPolicyDefinition[] = SSL_POLICIES
  if (input.Names?.length) {
    const missing = input.Names.find((name) => !sslPolicyNamed(name))
    if (missing !== undefined) throw ElbErrors.sslPolicyNotFound(missing)
    policies = SSL_POLICIES.filter((p) => input.Names!.includes(p.name))
  }
  if (input.LoadBalancerType !== undefined && !SUPPORTED_TYPES.includes(input.LoadBalancerType)) policies = []
  const { items, nextMarker } = page(policies, input.Marker, input.PageSize)
  return { SslPolicies: items.map(view), ...(nextMarker ? { NextMarker: nextMarker } : {}) }
}
