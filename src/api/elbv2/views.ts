import type * as W from '../../core/aws-model/elbv2.types.js'
import type { ListenerRecord } from '../../core/model/listener.js'
import { loadBalancerVpc } from '../../core/model/elb-vpc.js'
import type { LoadBalancerRecord } from '../../core/model/load-balancer.js'
import type { RuleAction } from '../../core/model/rule-action.js'
import type { RuleCondition } from '../../core/model/rule-condition.js'
import type { RuleRecord } from '../../core/model/rule.js'
import type { TargetGroupRecord } from '../../core/model/target-group.js'

/** Records as the ELBv2 wire shows them. */

export const loadBalancerView = (lb: LoadBalancerRecord): W.LoadBalancer => ({
  LoadBalancerArn: lb.arn,
  DNSName: lb.dnsName,
  CanonicalHostedZoneId: lb.canonicalHostedZoneId,
  CreatedTime: lb.createdAt,
  LoadBalancerName: lb.name,
  Scheme: lb.scheme,
  VpcId: loadBalancerVpc(lb),
  State: { Code: lb.state.code, ...(lb.state.reason !== undefined ? { Reason: lb.state.reason } : {}) },
  Type: 'application',
  AvailabilityZones: lb.zones.map((z) => ({ ZoneName: z.zoneName, SubnetId: z.subnetId, LoadBalancerAddresses: [] })),
  SecurityGroups: [...lb.securityGroups],
  IpAddressType: lb.ipAddressType,
})

export const listenerView = (l: ListenerRecord): W.Listener => ({
  ListenerArn: l.arn,
  LoadBalancerArn: l.loadBalancerArn,
  Port: l.port,
  Protocol: l.protocol,
  ...(l.certificate ? { Certificates: [{ CertificateArn: l.certificate.arn }] } : {}),
  ...(l.sslPolicy !== undefined ? { SslPolicy: l.sslPolicy } : {}),
  DefaultActions: l.defaultActions.map(actionView),
})

/** A forward is echoed in the modern double form: TargetGroupArn when it has one group, and ForwardConfig always. */
export function actionView(a: RuleAction): W.Action {
  const order = a.order !== undefined ? { Order: a.order } : {}
  switch (a.type) {
    case 'forward': {
      const [only] = a.targetGroups
      return {
        Type: 'forward',
        ...(a.targetGroups.length === 1 && only ? { TargetGroupArn: only.arn } : {}),
        ...order,
        ForwardConfig: {
          TargetGroups: a.targetGroups.map((tg) => ({ TargetGroupArn: tg.arn, Weight: tg.weight })),
          TargetGroupStickinessConfig: {
            Enabled: a.stickiness.enabled,
            ...(a.stickiness.durationSeconds !== undefined ? { DurationSeconds: a.stickiness.durationSeconds } : {}),
          },
        },
      }
    }
    case 'fixed-response':
      return {
        Type: 'fixed-response',
        ...order,
        FixedResponseConfig: {
          StatusCode: a.statusCode,
          ...(a.contentType !== undefined ? { ContentType: a.contentType } : {}),
          ...(a.messageBody !== undefined ? { MessageBody: a.messageBody } : {}),
        },
      }
    case 'redirect': {
      const { type: _t, order: _o, statusCode, ...parts } = a
      const config: W.RedirectActionConfig = { StatusCode: statusCode }
      if (parts.protocol !== undefined) config.Protocol = parts.protocol
      if (parts.port !== undefined) config.Port = parts.port
      if (parts.host !== undefined) config.Host = parts.host
      if (parts.path !== undefined) config.Path = parts.path
      if (parts.query !== undefined) config.Query = parts.query
      return { Type: 'redirect', ...order, RedirectConfig: config }
    }
  }
}

/** Path and host conditions echo both forms (`Values` and the config), as AWS answers today. */
export function conditionView(c: RuleCondition): W.RuleCondition {
  switch (c.field) {
    case 'path-pattern':
      return { Field: c.field, Values: [...c.values], PathPatternConfig: { Values: [...c.values] } }
    case 'host-header':
      return { Field: c.field, Values: [...c.values], HostHeaderConfig: { Values: [...c.values] } }
    case 'http-header':
      return { Field: c.field, HttpHeaderConfig: { HttpHeaderName: c.headerName, Values: [...c.values] } }
    case 'http-request-method':
      return { Field: c.field, HttpRequestMethodConfig: { Values: [...c.values] } }
    case 'query-string':
      return { Field: c.field, QueryStringConfig: { Values: c.values.map((v) => ({ ...(v.key !== undefined ? { Key: v.key } : {}), Value: v.value })) } }
    case 'source-ip':
      return { Field: c.field, SourceIpConfig: { Values: [...c.values] } }
  }
}

export const ruleView = (r: RuleRecord): W.Rule => ({
  RuleArn: r.arn,
  Priority: String(r.priority),
  Conditions: r.conditions.map(conditionView),
  Actions: r.actions.map(actionView),
  IsDefault: false,
})

/** A listener's default rule: priority `default`, no conditions, the listener's default actions. */
export const defaultRuleView = (l: ListenerRecord): W.Rule => ({
  RuleArn: l.defaultRuleArn,
  Priority: 'default',
  Conditions: [],
  Actions: l.defaultActions.map(actionView),
  IsDefault: true,
})

/** `loadBalancerArns` are derived (elb-topology.ts); left out when none, as CreateTargetGroup answers. */
export const targetGroupView = (g: TargetGroupRecord, loadBalancerArns: readonly string[]): W.TargetGroup => ({
  TargetGroupArn: g.arn,
  TargetGroupName: g.name,
  Protocol: g.protocol,
  Port: g.port,
  VpcId: g.vpcId,
  HealthCheckProtocol: g.healthCheck.protocol,
  HealthCheckPort: g.healthCheck.port,
  HealthCheckEnabled: g.healthCheck.enabled,
  HealthCheckIntervalSeconds: g.healthCheck.intervalSeconds,
  HealthCheckTimeoutSeconds: g.healthCheck.timeoutSeconds,
  HealthyThresholdCount: g.healthCheck.healthyThreshold,
  UnhealthyThresholdCount: g.healthCheck.unhealthyThreshold,
  HealthCheckPath: g.healthCheck.path,
  Matcher: { HttpCode: g.healthCheck.matcher },
  ...(loadBalancerArns.length > 0 ? { LoadBalancerArns: [...loadBalancerArns] } : {}),
  TargetType: g.targetType,
  ProtocolVersion: g.protocolVersion,
  IpAddressType: g.ipAddressType,
})

export const attributeList = (attrs: Readonly<Record<string, string>>): { Key: string; Value: string }[] =>
  Object.entries(attrs).map(([Key, Value]) => ({ Key, Value }))
