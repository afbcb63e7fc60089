import { randomInt } from 'node:crypto'

/**
 * An application load balancer as Berth stores it.
 *
 * Who writes what: the ELBv2 API creates the record (state `provisioning`), changes
 * `attributes` (ModifyLoadBalancerAttributes), sets `subnetsVpcId` once (the listener and rule
 * operations, on the first forward) and deletes it. `state` after creation is
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
  /**
   * A placeholder written once by CreateLoadBalancer (derived from the first subnet): Berth has
   * no EC2 to tell a subnet's VPC. Shown until `subnetsVpcId` is known (elb-vpc.ts).
   */
  vpcId: string
  /**
   * The VPC of the load balancer's subnets, as the first target group one of its listeners or
   * rules forwards to tells it (that group's VpcId). Written once, ONLY by the ELBv2 listener and
   * rule operations (api/elbv2/resolve.ts checkForwardTargets); never changed after, and every
   * later forward must be to a group of this VPC (elb-vpc.ts).
   */
  subnetsVpcId?: string
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
