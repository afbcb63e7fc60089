import type { LoadBalancerTree } from '../../../core/model/elb-topology.js'
import type { ListenerRecord } from '../../../core/model/listener.js'
import type { RuleAction } from '../../../core/model/rule-action.js'
import { DEFAULT_SSL_POLICY, sslPolicyNamed } from '../../../core/model/ssl-policies.js'
import { targetGroupAttributesConfig } from '../../../core/model/target-group-attributes.js'
import type { TargetGroupRecord } from '../../../core/model/target-group.js'
import type { TargetRecord } from '../../../core/model/target.js'
import type { ActionConfig, DataPlaneConfig, ListenerConfig, LoadBalancerConfig, RuleConfig, TargetGroupConfig } from '../../../lb/index.js'

export interface ConfigInput {
  trees: readonly LoadBalancerTree[]
  groups: readonly { group: TargetGroupRecord; targets: readonly TargetRecord[] }[]
  /** An instance target's address: the container instance's privateIpAddress, by EC2 id. */
  instanceAddress: (ec2InstanceId: string) => string | undefined
  /** Where every listener binds (`--lb-address`). */
  address: string
  /** An HTTPS listener's certificate files, by its certificate id. */
  certificateFiles: (certificateId: string) => { certFile: string; keyFile: string }
}

/**
 * The data plane's whole configuration from the ELBv2 records (pure).
 *
 * One address serves every load balancer, where AWS gives each its own: listeners of several
 * load balancers on one port share one socket. There each load balancer's rules answer only
 * requests whose Host is its DNS name (a host-header condition is added to each, and its
 * default action becomes a rule of that host), and what names no load balancer's host goes to
 * the oldest one's default action: `curl localhost:80` still reaches the first load balancer.
 */
export function dataPlaneConfig(input: ConfigInput): DataPlaneConfig {
  const byPort = new Map<number, { tree: LoadBalancerTree; listener: ListenerRecord; rules: LoadBalancerTree['listeners'][number]['rules'] }[]>()
  const oldestFirst = [...input.trees].sort((a, b) => a.loadBalancer.createdAt - b.loadBalancer.createdAt || a.loadBalancer.arn.localeCompare(b.loadBalancer.arn))
  for (const tree of oldestFirst) {
    for (const { listener, rules } of tree.listeners) {
      const at = byPort.get(listener.port) ?? byPort.set(listener.port, []).get(listener.port)!
      at.push({ tree, listener, rules })
    }
  }
  const listenersOf = new Map<string, ListenerConfig[]>()
  for (const sharing of byPort.values()) {
    const first = sharing[0]!
    const alone = sharing.length === 1
    const rules: RuleConfig[] = []
    sharing.forEach(({ tree, listener, rules: own }, i) => {
      const host = alone ? [] : [{ field: 'host-header' as const, values: [tree.loadBalancer.dnsName] }]
      // Each load balancer's rules keep their order, after those of older ones on the port.
      const offset = alone ? 0 : i * PRIORITY_SPAN
      for (const r of own) rules.push({ arn: r.arn, priority: offset + r.priority, conditions: [...host, ...r.conditions], action: action(r.actions) })
      if (!alone) rules.push({ arn: listener.defaultRuleArn, priority: offset + PRIORITY_SPAN - 1, conditions: host, action: action(listener.defaultActions) })
    })
    const config: ListenerConfig = {
      arn: first.listener.arn,
      address: input.address,
      port: first.listener.port,
      protocol: first.listener.protocol,
      ...(first.listener.certificate ? { certificate: input.certificateFiles(first.listener.certificate.id) } : {}),
      ...(first.listener.protocol === 'HTTPS' ? { tlsPolicy: tlsPolicy(first.listener.sslPolicy) } : {}),
      rules,
      defaultAction: action(first.listener.defaultActions),
    }
    const list = listenersOf.get(first.tree.loadBalancer.arn) ?? listenersOf.set(first.tree.loadBalancer.arn, []).get(first.tree.loadBalancer.arn)!
    list.push(config)
  }
  const loadBalancers: LoadBalancerConfig[] = input.trees.map((t) => ({
    arn: t.loadBalancer.arn,
    attributes: {
      idleTimeoutSeconds: num(t.loadBalancer.attributes['idle_timeout.timeout_seconds'], 60),
      xffHeaderProcessingMode: xff(t.loadBalancer.attributes['routing.http.xff_header_processing.mode']),
      preserveHostHeader: t.loadBalancer.attributes['routing.http.preserve_host_header.enabled'] === 'true',
    },
    listeners: listenersOf.get(t.loadBalancer.arn) ?? [],
  }))
  return { loadBalancers, targetGroups: input.groups.map((g) => targetGroup(g.group, g.targets, input.instanceAddress)) }
}

/** Room for one load balancer's priorities (1–50000) and its default rule (50001), on a shared port. */
const PRIORITY_SPAN = 50_002

function targetGroup(g: TargetGroupRecord, targets: readonly TargetRecord[], instanceAddress: ConfigInput['instanceAddress']): TargetGroupConfig {
  return {
    arn: g.arn,
    protocol: g.protocol,
    port: g.port,
    targetType: g.targetType,
    healthCheck: {
      enabled: g.healthCheck.enabled,
      protocol: g.healthCheck.protocol,
      path: g.healthCheck.path,
      port: g.healthCheck.port === 'traffic-port' ? 'traffic-port' : Number(g.healthCheck.port),
      intervalSeconds: g.healthCheck.intervalSeconds,
      timeoutSeconds: g.healthCheck.timeoutSeconds,
      healthyThreshold: g.healthCheck.healthyThreshold,
      unhealthyThreshold: g.healthCheck.unhealthyThreshold,
      matcher: g.healthCheck.matcher,
    },
    attributes: targetGroupAttributesConfig(g.attributes),
    targets: targets.flatMap((t) => {
      const address = g.targetType === 'ip' ? t.id : instanceAddress(t.id)
      // An instance Berth does not know (its agent never said where it is) cannot be reached.
      return address === undefined ? [] : [{ id: t.id, address, port: t.port, state: t.state }]
    }),
  }
}

function action(actions: readonly RuleAction[]): ActionConfig {
  // ALB's terminal action is the last; the authenticate actions before it are refused by the API.
  const a = actions[actions.length - 1]
  if (!a) return { type: 'fixed-response', statusCode: 503 }
  switch (a.type) {
    case 'forward':
      return {
        type: 'forward',
        targetGroups: a.targetGroups.map((tg) => ({ arn: tg.arn, weight: tg.weight })),
        ...(a.stickiness.enabled ? { stickiness: { enabled: true, durationSeconds: a.stickiness.durationSeconds ?? 3600 } } : {}),
      }
    case 'fixed-response':
      return {
        type: 'fixed-response',
        statusCode: Number(a.statusCode),
        ...(a.contentType !== undefined ? { contentType: a.contentType } : {}),
        ...(a.messageBody !== undefined ? { messageBody: a.messageBody } : {}),
      }
    case 'redirect': {
      const { order: _order, ...rest } = a
      return rest
    }
  }
}

/**
 * An HTTPS listener's security policy as protocols and ciphers. The API accepts only known
 * names; a record from before the names were checked falls back to the default policy.
 */
function tlsPolicy(name: string | undefined): { protocols: readonly string[]; ciphers: readonly string[] } {
  const policy = sslPolicyNamed(name ?? DEFAULT_SSL_POLICY) ?? sslPolicyNamed(DEFAULT_SSL_POLICY)!
  return { protocols: policy.protocols, ciphers: policy.ciphers }
}

function num(v: string | undefined, fallback: number): number {
  const n = v === undefined ? NaN : Number(v)
  return Number.isFinite(n) ? n : fallback
}

function xff(v: string | undefined): 'append' | 'preserve' | 'remove' {
  return v === 'preserve' || v === 'remove' ? v : 'append'
}
