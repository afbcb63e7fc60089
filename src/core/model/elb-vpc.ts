/**
 * Which VPC a load balancer is in, and whether the target groups its listeners and rules
 * forward to may serve it (pure).
 *
 * Berth has no EC2: a subnet named in CreateLoadBalancer belongs to no VPC it can look up. The
 * only VPC ids a client gives are its target groups' (CreateTargetGroup's VpcId), so the first
 * target group a listener or rule of a load balancer forwards to tells Berth the VPC of its
 * subnets; from then on the load balancer is in that VPC for good (subnets do not move), and,
 * as on ELB, a listener or rule of it may forward only to target groups of that VPC. Until then
 * DescribeLoadBalancers shows the placeholder chosen at creation.
 */

/** The VPC DescribeLoadBalancers shows: the one learned from a target group, else the placeholder. */
export const loadBalancerVpc = (lb: { vpcId: string; subnetsVpcId?: string | undefined }): string => lb.subnetsVpcId ?? lb.vpcId

export type VpcCheck =
  /** Every group is in the load balancer's VPC; `learn` when this is the first that tells it. */
  | { ok: true; learn?: string }
  /** ELB's InvalidConfigurationRequest for the first group in another VPC. */
  | { ok: false; targetGroupArn: string }

/**
 * `known`: the VPC the load balancer is known to be in (its `subnetsVpcId`), if any. `groups`:
 * the target groups the new actions forward to, in the order the actions name them.
 */
export function checkForwardVpc(known: string | undefined, groups: readonly { arn: string; vpcId: string }[]): VpcCheck {
  const vpc = known ?? groups[0]?.vpcId
  if (vpc === undefined) return { ok: true }
  const stranger = groups.find((g) => g.vpcId !== vpc)
  if (stranger) return { ok: false, targetGroupArn: stranger.arn }
  return known === undefined ? { ok: true, learn: vpc } : { ok: true }
}
