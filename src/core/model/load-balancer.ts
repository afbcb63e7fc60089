import { randomInt } from 'node:crypto'

/**
 * An application load balancer as Berth stores it.
 *
 * Who writes what: the ELBv2 API creates the record (state `provisioning`), changes
 * `attributes` (ModifyLoadBalancerAttributes) and deletes it. `state` after creation is
 * written ONLY by the load-balancer controller (provisioning → active once its listeners are
 * bound, failed when they cannot be), through `loadBalancers.put`.
 */
export interface LoadBalancerRecord {
  arn: string
  name: string
  /** Epoch seconds, as the wire's timestamps. */
  createdAt: number
  scheme: 'internet-facing' | 'internal'
  dnsName: string
  canonicalHostedZoneId: string
  /** Not checked against any EC2: there is none. Taken from the request's subnets' VPC when it names one, else a fixed one. */
  vpcId: string
  state: LoadBalancerState
  /** In the order the subnets were given; zones `<region>a`, `<region>b`, … in that order. */
  zones: readonly { zoneName: string; subnetId: string }[]
  securityGroups: readonly string[]
  ipAddressType: 'ipv4'
  /** Every ALB attribute key with its value, as the wire has them (strings); see lb-attributes.ts. */
  attributes: Readonly<Record<string, string>>
}

export type LoadBalancerStateCode = 'provisioning' | 'active' | 'active_impaired' | 'failed'
export interface LoadBalancerState {
  code: LoadBalancerStateCode
  reason?: string
}

/** A plausible Route 53 zone id; AWS's are per region, and nothing resolves Berth's names. */
export const CANONICAL_HOSTED_ZONE_ID = 'Z35SXDOTRQ7X7K'

/**
 * `<name>-<9 or 10 digits>.<region>.elb.localhost`, `internal-` in front for an internal
 * scheme, as AWS forms its names under elb.amazonaws.com.
 */
export function newDnsName(name: string, scheme: LoadBalancerRecord['scheme'], region: string): string {
  const digits = randomInt(100_000_000, 2_147_483_647)
  return `${scheme === 'internal' ? 'internal-' : ''}${name}-${digits}.${region}.elb.localhost`
}
