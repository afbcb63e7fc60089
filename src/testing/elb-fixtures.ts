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

/** What seedBlueGreenPair wrote: the ARNs a service's advancedConfiguration names. */
export interface BlueGreenPair {
  blue: string
  green: string
  loadBalancerArn: string
  /** The listener whose default rule forwards to the pair ({blue 100, green 0}). */
  listenerArn: string
  defaultRuleArn: string
  /** A rule of that listener (priority 1, path /api/*) forwarding {blue 100, green 0}. */
  productionRuleArn: string
  /** A rule of a second listener of the same load balancer forwarding {blue 100, green 0} (unless asked for none). */
  testRuleArn: string
}

/**
 * A load balancer set up as AWS's samples set one up for ECS blue/green: two target groups
 * (`blue` as seedTargetGroup makes it, `green` beside it), the listener's default action and a
 * production rule forwarding weighted {blue 100, green 0}, and a test listener with a rule
 * forwarding the same. Written straight to the store.
 */
export async function seedBlueGreenPair(
  store: Store,
  blue: string,
  green: string,
  targetType: 'instance' | 'ip' = 'instance',
  options: { testListener?: boolean } = {},
): Promise<BlueGreenPair> {
  await seedTargetGroup(store, blue, targetType)
  const weighted = [{ type: 'forward' as const, targetGroups: [{ arn: blue, weight: 100 }, { arn: green, weight: 0 }], stickiness: { enabled: false } }]
  return store.txn(async (tx) => {
    const group = (await tx.targetGroups.get(blue))!
    await tx.targetGroups.put({ ...group, arn: green, name: green.split('/')[1] ?? 'green' })
    const listener = (await tx.listeners.list()).find((l) => l.defaultActions.some((a) => a.type === 'forward' && a.targetGroups.some((g) => g.arn === blue)))!
    await tx.listeners.put({ ...listener, defaultActions: weighted })
    const productionRuleArn = listener.defaultRuleArn.replace(/\/[^/]+$/, '/prod0000000001')
    await tx.rules.put({
      arn: productionRuleArn,
      listenerArn: listener.arn,
      loadBalancerArn: listener.loadBalancerArn,
      priority: 1,
      conditions: [{ field: 'path-pattern', values: ['/api/*'] }],
      actions: weighted,
    })
    const base = { blue, green, loadBalancerArn: listener.loadBalancerArn, listenerArn: listener.arn, defaultRuleArn: listener.defaultRuleArn, productionRuleArn }
    if (options.testListener === false) return { ...base, testRuleArn: '' }
    const testListenerArn = listener.arn.replace(/\/[^/]+$/, '/test0000000001')
    const testDefaultRule = listener.defaultRuleArn.replace(/\/[^/]+\/[^/]+$/, '/test0000000001/default0000001')
    await tx.listeners.put({ ...listener, arn: testListenerArn, port: 0, defaultRuleArn: testDefaultRule, defaultActions: [{ type: 'fixed-response', statusCode: '404' }] })
    const testRuleArn = testDefaultRule.replace(/\/[^/]+$/, '/testrule000001')
    await tx.rules.put({ arn: testRuleArn, listenerArn: testListenerArn, loadBalancerArn: listener.loadBalancerArn, priority: 1, conditions: [{ field: 'path-pattern', values: ['/*'] }], actions: weighted })
    return { ...base, testRuleArn }
  })
}
