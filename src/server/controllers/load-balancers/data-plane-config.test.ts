import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { LoadBalancerTree } from '../../../core/model/elb-topology.js'
import type { LoadBalancerRecord } from '../../../core/model/load-balancer.js'
import { HEALTH_CHECK_DEFAULTS, type TargetGroupRecord } from '../../../core/model/target-group.js'
import { newTarget } from '../../../core/model/target.js'
import { dataPlaneConfig, type ConfigInput } from './data-plane-config.js'

const forward = (arn: string) => [{ type: 'forward' as const, targetGroups: [{ arn, weight: 1 }], stickiness: { enabled: false } }]

function tree(name: string, createdAt: number, port: number, rules: { priority: number; path: string; tg: string }[] = []): LoadBalancerTree {
  const lb: LoadBalancerRecord = {
    arn: `lb/${name}`,
    name,
    createdAt,
    scheme: 'internet-facing',
    dnsName: `${name}-1.us-east-1.elb.localhost`,
    canonicalHostedZoneId: 'Z',
    vpcId: 'vpc-1',
    state: { code: 'active' },
    zones: [],
    securityGroups: [],
    ipAddressType: 'ipv4',
    attributes: { 'idle_timeout.timeout_seconds': '30' },
  }
  const listener = { arn: `listener/${name}`, loadBalancerArn: lb.arn, port, protocol: 'HTTP' as const, defaultRuleArn: `default/${name}`, defaultActions: forward(`tg/${name}`) }
  return {
    loadBalancer: lb,
    listeners: [{ listener, rules: rules.map((r) => ({ arn: `rule/${name}/${r.priority}`, listenerArn: listener.arn, loadBalancerArn: lb.arn, priority: r.priority, conditions: [{ field: 'path-pattern' as const, values: [r.path] }], actions: forward(r.tg) })) }],
  }
}

const group = (arn: string, targetType: 'instance' | 'ip', attributes: Record<string, string> = {}): TargetGroupRecord => ({
  arn,
  name: arn,
  createdAt: 0,
  protocol: 'HTTP',
  port: 80,
  vpcId: 'vpc-1',
  protocolVersion: 'HTTP1',
  targetType,
  ipAddressType: 'ipv4',
  healthCheck: { enabled: true, protocol: 'HTTP', ...HEALTH_CHECK_DEFAULTS },
  attributes,
})

const input = (trees: LoadBalancerTree[], groups: ConfigInput['groups'] = []): ConfigInput => ({
  trees,
  groups,
  instanceAddress: (id) => (id === 'i-1' ? '127.0.9.1' : undefined),
  address: '127.0.0.1',
  certificateFiles: (id) => ({ certFile: `/c/${id}.crt`, keyFile: `/c/${id}.key` }),
})

describe('the data plane configuration from the ELBv2 records', () => {
  it('gives a load balancer alone on its port its own rules and default action', () => {
    const c = dataPlaneConfig(input([tree('a', 1, 80, [{ priority: 5, path: '/api/*', tg: 'tg/api' }])]))
    assert.equal(c.loadBalancers[0]!.attributes.idleTimeoutSeconds, 30)
    const l = c.loadBalancers[0]!.listeners[0]!
    assert.deepEqual([l.address, l.port, l.rules.map((r) => [r.priority, r.conditions])], ['127.0.0.1', 80, [[5, [{ field: 'path-pattern', values: ['/api/*'] }]]]])
    assert.deepEqual(l.defaultAction, { type: 'forward', targetGroups: [{ arn: 'tg/a', weight: 1 }] })
  })

  it('shares a port between load balancers by Host, the oldest answering any other host', () => {
    const c = dataPlaneConfig(input([tree('young', 2, 80, [{ priority: 1, path: '/x', tg: 'tg/x' }]), tree('old', 1, 80)]))
    const old = c.loadBalancers.find((l) => l.arn === 'lb/old')!
    const young = c.loadBalancers.find((l) => l.arn === 'lb/young')!
    assert.equal(young.listeners.length, 0, 'served by the older one\'s socket')
    const l = old.listeners[0]!
    assert.deepEqual(l.defaultAction, { type: 'forward', targetGroups: [{ arn: 'tg/old', weight: 1 }] })
    const host = (name: string) => ({ field: 'host-header', values: [`${name}-1.us-east-1.elb.localhost`] })
    assert.deepEqual(
      [...l.rules].sort((a, b) => a.priority - b.priority).map((r) => [r.arn, r.conditions]),
      [
        ['default/old', [host('old')]],
        ['rule/young/1', [host('young'), { field: 'path-pattern', values: ['/x'] }]],
        ['default/young', [host('young')]],
      ],
    )
  })

  it('resolves instance targets to their instance\'s address and leaves out those it cannot', () => {
    const targets = [newTarget({ targetGroupArn: 'tg/a', id: 'i-1', port: 32768 }, 0), newTarget({ targetGroupArn: 'tg/a', id: 'i-unknown', port: 32768 }, 0)]
    const c = dataPlaneConfig(input([], [{ group: group('tg/a', 'instance', { 'deregistration_delay.timeout_seconds': '5', 'stickiness.enabled': 'true', 'stickiness.lb_cookie.duration_seconds': '60' }), targets }]))
    const g = c.targetGroups[0]!
    assert.deepEqual(g.targets, [{ id: 'i-1', address: '127.0.9.1', port: 32768, state: 'registered' }])
    assert.equal(g.attributes.deregistrationDelaySeconds, 5)
    assert.deepEqual(g.attributes.stickiness, { enabled: true, type: 'lb_cookie', durationSeconds: 60 })
    assert.equal(g.healthCheck.port, 'traffic-port')
  })

  it('takes an ip target\'s id as its address', () => {
    const c = dataPlaneConfig(input([], [{ group: group('tg/ip', 'ip'), targets: [newTarget({ targetGroupArn: 'tg/ip', id: '10.0.0.9', port: 80 }, 0)] }]))
    assert.equal(c.targetGroups[0]!.targets[0]!.address, '10.0.0.9')
  })
})
