import type { LoadBalancerCounters, LoadBalancerSnapshot, TrafficSnapshot } from './counters.js'
import type { TargetHealthState } from './health-state.js'
import type { TargetGroupRuntime } from './target-groups.js'

/**
 * Everything the data plane counted, copied out: what the metrics issue turns into
 * `AWS/ApplicationELB` metrics. Counters are cumulative since the load balancer, group or
 * target appeared; a reader keeps the previous snapshot and subtracts. HealthyHostCount and
 * UnHealthyHostCount are the group's current counts.
 */
export interface DataPlaneMetrics {
  loadBalancers: ({ arn: string } & LoadBalancerSnapshot)[]
  targetGroups: ({
    arn: string
    healthyTargets: number
    unhealthyTargets: number
    targets: ({ id: string; port: number; health: TargetHealthState } & TrafficSnapshot)[]
  } & TrafficSnapshot)[]
}

export function snapshotMetrics(lbs: ReadonlyMap<string, LoadBalancerCounters>, groups: ReadonlyMap<string, TargetGroupRuntime>): DataPlaneMetrics {
  return {
    loadBalancers: [...lbs].map(([arn, c]) => ({ arn, ...c.snapshot() })),
    targetGroups: [...groups.values()].map((g) => {
      const targets = [...g.targets.values()]
      return {
        arn: g.arn,
        ...g.counters.snapshot(),
        healthyTargets: targets.filter((t) => t.health === 'healthy').length,
        unhealthyTargets: targets.filter((t) => t.health === 'unhealthy').length,
        targets: targets.map((t) => ({ id: t.config.id, port: t.config.port, health: t.health, ...t.counters.snapshot() })),
      }
    }),
  }
}
