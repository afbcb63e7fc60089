import { HEALTH_CHECK_DEFAULTS, type TargetGroupRecord } from '../core/model/target-group.js'
import type { Store } from '../state/store.js'

const ACCOUNT = 'arn:aws:elasticloadbalancing:us-east-1:000000000000'

/**
 * An application load balancer with an HTTP listener on port 0 (the data plane binds an
 * ephemeral port) forwarding to a target group of the given ARN, written straight to the
 * store: what a service's `loadBalancers` needs to pass CreateService's checks, for tests of
 * ECS that are not about ELBv2.
 */
export async function seedTargetGroup(store: Store, targetGroupArn: string, targetType: 'instance' | 'ip' = 'instance'): Promise<void> {
  const name = targetGroupArn.split('/')[1] ?? 'tg'
  const id = Buffer.from(targetGroupArn).toString('hex').slice(-16)
  const lbArn = `${ACCOUNT}:loadbalancer/app/${name}-lb/${id}`
  const listenerArn = `${ACCOUNT}:listener/app/${name}-lb/${id}/${id}`
  const group: TargetGroupRecord = {
    arn: targetGroupArn,
    name,
    createdAt: 1_767_225_600,
    protocol: 'HTTP',
    port: 80,
    vpcId: 'vpc-00000000',
    protocolVersion: 'HTTP1',
    targetType,
    ipAddressType: 'ipv4',
    healthCheck: { enabled: true, protocol: 'HTTP', ...HEALTH_CHECK_DEFAULTS },
    attributes: {},
  }
  await store.txn(async (tx) => {
    await tx.targetGroups.put(group)
    await tx.loadBalancers.put({
      arn: lbArn,
      name: `${name}-lb`,
      createdAt: 1_767_225_600,
      scheme: 'internet-facing',
      dnsName: `${name}-lb-123456789.us-east-1.elb.localhost`,
      canonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
      vpcId: 'vpc-00000000',
      state: { code: 'provisioning' },
      zones: [],
      securityGroups: [],
      ipAddressType: 'ipv4',
      attributes: {},
    })
    await tx.listeners.put({
      arn: listenerArn,
      loadBalancerArn: lbArn,
      port: 0,
      protocol: 'HTTP',
      defaultRuleArn: `${ACCOUNT}:listener-rule/app/${name}-lb/${id}/${id}/${id}`,
      defaultActions: [{ type: 'forward', targetGroups: [{ arn: targetGroupArn, weight: 1 }], stickiness: { enabled: false } }],
    })
  })
}
