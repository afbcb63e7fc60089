/**
 * Target-group attributes: every key ALB lists for instance and ip groups, with its default
 * (elb-facts §5.2). The API (api/elbv2/target-groups/tg-attributes.ts) checks changes; the
 * load-balancer controller reads them through `targetGroupAttributesConfig`.
 */
export const TG_ATTRIBUTE_DEFAULTS: Readonly<Record<string, string>> = {
  'deregistration_delay.timeout_seconds': '300',
  'deregistration_delay.connection_termination.enabled': 'false',
  'stickiness.enabled': 'false',
  'stickiness.type': 'lb_cookie',
  'stickiness.lb_cookie.duration_seconds': '86400',
  'stickiness.app_cookie.cookie_name': '',
  'stickiness.app_cookie.duration_seconds': '86400',
  'load_balancing.algorithm.type': 'round_robin',
  'load_balancing.algorithm.anomaly_mitigation': 'off',
  'slow_start.duration_seconds': '0',
  'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration',
  'target_group_health.dns_failover.minimum_healthy_targets.count': '1',
  'target_group_health.dns_failover.minimum_healthy_targets.percentage': 'off',
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': '1',
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': 'off',
}

/** The attributes as the data plane's TargetGroupAttributes (src/lb/config.ts) has them (pure). */
export function targetGroupAttributesConfig(attrs: Readonly<Record<string, string>>) {
  const get = (k: string) => attrs[k] ?? TG_ATTRIBUTE_DEFAULTS[k] ?? ''
  const percentage = get('target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage')
  return {
    deregistrationDelaySeconds: Number(get('deregistration_delay.timeout_seconds')),
    slowStartSeconds: Number(get('slow_start.duration_seconds')),
    algorithm: get('load_balancing.algorithm.type') as 'round_robin' | 'least_outstanding_requests',
    stickiness:
      get('stickiness.enabled') === 'true'
        ? { enabled: true as const, type: 'lb_cookie' as const, durationSeconds: Number(get('stickiness.lb_cookie.duration_seconds')) }
        : { enabled: false as const },
    minimumHealthyTargets: {
      count: Number(get('target_group_health.unhealthy_state_routing.minimum_healthy_targets.count')),
      percentage: percentage === 'off' ? ('off' as const) : Number(percentage),
    },
  }
}
