import type { ActionConfig, LoadBalancerConfig, TargetGroupConfig } from './config.js'
import type { ProbeSpec } from './health-checker.js'
import type { TargetHealth, Thresholds } from './health-state.js'
import type { TargetGroupRuntime, TargetRuntime } from './target-groups.js'

/** Small readings of the configuration and the live state that `DataPlane.apply` needs. */

/** Target groups some listener's rule (or default rule) forwards to: the others' targets are `unused`. */
export function groupsInUse(lbs: readonly LoadBalancerConfig[]): Set<string> {
  const used = new Set<string>()
  const add = (a: ActionConfig) => {
    if (a.type === 'forward') for (const g of a.targetGroups) used.add(g.arn)
  }
  for (const lb of lbs) {
    for (const l of lb.listeners) {
      add(l.defaultAction)
      for (const r of l.rules) add(r.action)
    }
  }
  return used
}

export const thresholds = (c: TargetGroupConfig): Thresholds => ({ healthy: c.healthCheck.healthyThreshold, unhealthy: c.healthCheck.unhealthyThreshold })

export const watchKey = (g: TargetGroupRuntime, t: TargetRuntime) => `${g.arn}\n${t.key}`

export function probeSpec(g: TargetGroupRuntime, t: TargetRuntime): ProbeSpec {
  const hc = g.config.healthCheck
  return {
    protocol: hc.protocol,
    address: t.config.address,
    port: hc.port === 'traffic-port' ? t.config.port : hc.port,
    path: hc.path,
    matcher: g.matcher,
    matcherText: hc.matcher,
    intervalMs: hc.intervalSeconds * 1000,
    timeoutMs: hc.timeoutSeconds * 1000,
  }
}

export function publicHealth(t: TargetRuntime): TargetHealth {
  const r = t.record
  return r.state === 'healthy' ? { state: 'healthy' } : { state: r.state, ...(r.reason ? { reason: r.reason } : {}), ...(r.description ? { description: r.description } : {}) }
}

/** A group a rule names but the configuration lacks: no targets, so 503. */
export function emptyGroup(arn: string): TargetGroupConfig {
  return {
    arn,
    protocol: 'HTTP',
    port: 80,
    targetType: 'instance',
    healthCheck: { enabled: false, protocol: 'HTTP', path: '/', port: 'traffic-port', intervalSeconds: 30, timeoutSeconds: 5, healthyThreshold: 5, unhealthyThreshold: 2, matcher: '200' },
    attributes: { deregistrationDelaySeconds: 300, slowStartSeconds: 0, algorithm: 'round_robin', stickiness: { enabled: false }, minimumHealthyTargets: { count: 1, percentage: 'off' } },
    targets: [],
  }
}
