import { createHash } from 'node:crypto'
import type { CreateLoadBalancerInput, CreateLoadBalancerOutput } from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import { newElbId } from '../../../core/model/elb-arns.js'
import { CANONICAL_HOSTED_ZONE_ID, newDnsName, type LoadBalancerRecord } from '../../../core/model/load-balancer.js'
import { LIMITS, nowSeconds, type ElbOperation } from '../deps.js'
import { addTags, checkTags } from '../tags.js'
import { loadBalancerView } from '../views.js'
import { LB_ATTRIBUTE_DEFAULTS } from './lb-attributes.js'

/**
 * Idempotent as AWS's is: the same name with the same settings answers the load balancer that
 * exists; with other settings, DuplicateLoadBalancerName. Subnets and security groups are not
 * checked against any EC2 (there is none), only for their form.
 */
export const createLoadBalancer: ElbOperation<CreateLoadBalancerInput, CreateLoadBalancerOutput> = async (input, deps) => {
  const name = checkLoadBalancerName(input.Name)
  const subnets = subnetsOf(input)
  const securityGroups = input.SecurityGroups ?? []
  for (const sg of securityGroups) if (!/^sg-[0-9a-f]{8,17}$/.test(sg)) throw ElbErrors.invalidSecurityGroup(sg)
  const scheme = input.Scheme ?? 'internet-facing'
  const tags = checkTags(input.Tags)
  const region = deps.arns.partition.region
  const zones = subnets.map((subnetId, i) => ({ zoneName: `${region}${String.fromCharCode(97 + i)}`, subnetId }))
  return deps.store.txn(async (tx) => {
    const existing = await tx.loadBalancers.byName(name)
    if (existing) {
      const same =
        existing.scheme === scheme &&
        JSON.stringify(existing.zones.map((z) => z.subnetId)) === JSON.stringify(subnets) &&
        JSON.stringify(existing.securityGroups) === JSON.stringify(securityGroups)
      if (!same) throw ElbErrors.duplicateLoadBalancerName(name)
      return { LoadBalancers: [loadBalancerView(existing)] }
    }
    if ((await tx.loadBalancers.list()).length >= LIMITS.loadBalancers) throw ElbErrors.tooManyLoadBalancers(LIMITS.loadBalancers)
    const lb: LoadBalancerRecord = {
      arn: deps.arns.loadBalancer(name, newElbId()),
      name,
      createdAt: nowSeconds(deps),
      scheme,
      dnsName: newDnsName(name, scheme, region),
      canonicalHostedZoneId: CANONICAL_HOSTED_ZONE_ID,
      vpcId: vpcOf(subnets),
      state: { code: 'provisioning' },
      zones,
      securityGroups,
      ipAddressType: 'ipv4',
      attributes: { ...LB_ATTRIBUTE_DEFAULTS },
    }
    await tx.loadBalancers.put(lb)
    await addTags(tx, lb.arn, tags)
    return { LoadBalancers: [loadBalancerView(lb)] }
  })
}

/**
 * "unique per region per account, … a maximum of 32 characters, … only alphanumeric characters
 * or hyphens, must not begin or end with a hyphen, and must not begin with "internal-"".
 */
export function checkLoadBalancerName(name: string): string {
  if (name.length > 32) throw ElbErrors.validation(`Load balancer name '${name}' cannot be longer than '32' characters`)
  if (!/^[A-Za-z0-9-]+$/.test(name)) throw ElbErrors.validation(`Load balancer name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`)
  if (name.startsWith('-') || name.endsWith('-')) throw ElbErrors.validation(`Load balancer name '${name}' cannot begin or end with '-'`)
  if (name.startsWith('internal-')) throw ElbErrors.validation(`Load balancer name '${name}' cannot begin with 'internal-'`)
  return name
}

/**
 * The subnets, from Subnets or SubnetMappings' SubnetIds (their addresses are refused
 * before this). An ALB needs at least two, each its own zone: Berth gives the i-th subnet the
 * zone `<region>` + a, b, c… so two distinct subnets are two zones.
 */
function subnetsOf(input: CreateLoadBalancerInput): string[] {
  if (input.Subnets !== undefined && input.SubnetMappings !== undefined) {
    throw ElbErrors.validation('You can specify subnets or subnet mappings, not both')
  }
  const subnets = input.Subnets ?? (input.SubnetMappings ?? []).map((m) => m.SubnetId ?? '')
  for (const s of subnets) if (!/^subnet-[0-9a-f]{8,17}$/.test(s)) throw ElbErrors.invalidSubnet(s)
  if (new Set(subnets).size !== subnets.length) throw ElbErrors.invalidConfiguration('More than 1 subnet cannot be specified for 1 availability zone')
  if (subnets.length < 2) throw ElbErrors.invalidConfiguration('At least two subnets in two different Availability Zones must be specified')
  if (subnets.length > 26) throw ElbErrors.invalidConfiguration('At most 26 subnets can be specified')
  return subnets
}

/** A plausible VPC id, the same for load balancers whose first subnet is the same (nothing checks it). */
const vpcOf = (subnets: readonly string[]) => `vpc-${createHash('sha256').update(subnets[0] ?? '').digest('hex').slice(0, 8)}`
