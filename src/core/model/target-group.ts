/**
 * A target group as Berth stores it. The ELBv2 API is its only writer. Which load balancers
 * use it is never stored: it follows from the listeners and rules that forward to it
 * (elb-topology.ts), so it cannot go stale.
 */
export interface TargetGroupRecord {
  arn: string
  name: string
  /** Epoch seconds. */
  createdAt: number
  protocol: 'HTTP' | 'HTTPS'
  port: number
  vpcId: string
  protocolVersion: 'HTTP1'
  targetType: 'instance' | 'ip'
  ipAddressType: 'ipv4'
  healthCheck: HealthCheckSettings
  /** Every target-group attribute key with its value, as the wire has them (strings); see tg-attributes.ts. */
  attributes: Readonly<Record<string, string>>
}

export interface HealthCheckSettings {
  /** Always true: ALB instance and ip groups cannot turn health checks off. */
  enabled: true
  protocol: 'HTTP' | 'HTTPS'
  /** `traffic-port` or a port number, as the wire has it (a string). */
  port: string
  path: string
  intervalSeconds: number
  timeoutSeconds: number
  healthyThreshold: number
  unhealthyThreshold: number
  /** `Matcher.HttpCode`: `200`, `200,202`, `200-299`. */
  matcher: string
}

/** ALB's defaults for HTTP and HTTPS groups of instance and ip targets (elb-facts §4.1: the timeout is 5, not the model's 6). */
export const HEALTH_CHECK_DEFAULTS = {
  port: 'traffic-port',
  path: '/',
  intervalSeconds: 30,
  timeoutSeconds: 5,
  healthyThreshold: 5,
  unhealthyThreshold: 2,
  matcher: '200',
} as const
