import type { TrafficSnapshot } from '../lb/counters.js'
import type { DataPlaneMetrics } from '../lb/metrics.js'
import { metricId, single, type Observation, type StatisticSet } from './metric-store.js'

/**
 * `AWS/ApplicationELB` metrics from two snapshots of the data plane's cumulative counters
 * (pure): what happened in between, under the names and dimensions CloudWatch uses.
 *
 *   per load balancer {LoadBalancer}, and per target group {LoadBalancer, TargetGroup}:
 *     RequestCount                  requests                                  Count, Sum
 *     HTTPCode_Target_2XX..5XX_Count responses the targets gave, by class      Count, Sum
 *     TargetResponseTime            seconds from the request leaving the proxy
 *                                   to the target's response headers          Seconds, Average
 *   per load balancer only:
 *     HTTPCode_ELB_4XX/5XX_Count, HTTPCode_ELB_502/503/504_Count  answers the proxy wrote itself
 *   per target group {TargetGroup} and {LoadBalancer, TargetGroup}:
 *     RequestCountPerTarget         the group's requests / its healthy targets (all its targets
 *                                   when none is healthy), as ALB divides     Count, Sum
 *
 * As ALB, a metric is reported only when it has a nonzero value: no traffic, no point (a
 * target-tracking alarm on RequestCountPerTarget then sees missing data, as on AWS).
 *
 * Counters are cumulative since the load balancer or group appeared: one absent from the
 * previous snapshot counts from zero; one that went backwards (the data plane began again)
 * counts from zero too.
 *
 * TargetResponseTime's Minimum and Maximum come from the response-time histogram: the lower
 * bound of the fastest bucket that moved and the upper bound of the slowest (past the last
 * bound, the average at least), each clamped so that Minimum ≤ Average ≤ Maximum. With one
 * response they are its exact time.
 */
export interface ElbTopology {
  /** The load balancer whose listeners or rules forward to the group (ALB allows one); undefined when none does. */
  loadBalancerOf(targetGroupArn: string): string | undefined
}

export const ELB_NAMESPACE = 'AWS/ApplicationELB'

/** `arn:…:loadbalancer/app/web/50dc6c495c0c9188` → `app/web/50dc6c495c0c9188`, CloudWatch's LoadBalancer dimension. */
export const loadBalancerDimension = (arn: string): string => arn.slice(arn.indexOf(':loadbalancer/') + ':loadbalancer/'.length)
/** `arn:…:targetgroup/web/73e2d6bc24d8a067` → `targetgroup/web/73e2d6bc24d8a067`, CloudWatch's TargetGroup dimension. */
export const targetGroupDimension = (arn: string): string => arn.slice(arn.lastIndexOf(':') + 1)

const TARGET_CODES = [
  ['target2xx', 'HTTPCode_Target_2XX_Count'],
  ['target3xx', 'HTTPCode_Target_3XX_Count'],
  ['target4xx', 'HTTPCode_Target_4XX_Count'],
  ['target5xx', 'HTTPCode_Target_5XX_Count'],
] as const
const ELB_CODES = [
  ['elb4xx', 'HTTPCode_ELB_4XX_Count'],
  ['elb5xx', 'HTTPCode_ELB_5XX_Count'],
  ['elb502', 'HTTPCode_ELB_502_Count'],
  ['elb503', 'HTTPCode_ELB_503_Count'],
  ['elb504', 'HTTPCode_ELB_504_Count'],
] as const

export function elbObservations(
  previous: DataPlaneMetrics | undefined,
  current: DataPlaneMetrics,
  topology: ElbTopology,
  timestamp: number,
  storageResolution: 1 | 60 = 60,
): Observation[] {
  const out: Observation[] = []
  const put = (name: string, dims: Record<string, string>, values: StatisticSet, unit: string) =>
    out.push({ metric: metricId(ELB_NAMESPACE, name, Object.entries(dims).map(([n, value]) => ({ name: n, value }))), timestamp, values, unit, storageResolution })
  const putTraffic = (d: TrafficDelta, dims: Record<string, string>) => {
    if (d.requests > 0) put('RequestCount', dims, single(d.requests), 'Count')
    for (const [field, name] of TARGET_CODES) if (d[field] > 0) put(name, dims, single(d[field]), 'Count')
    const rt = responseTimeSeconds(d)
    if (rt) put('TargetResponseTime', dims, rt, 'Seconds')
  }

  for (const lb of current.loadBalancers) {
    const d = delta(lb, previous?.loadBalancers.find((p) => p.arn === lb.arn))
    const dims = { LoadBalancer: loadBalancerDimension(lb.arn) }
    putTraffic(d, dims)
    for (const [field, name] of ELB_CODES) if (d[field] > 0) put(name, dims, single(d[field]), 'Count')
  }
  for (const tg of current.targetGroups) {
    const d = delta(tg, previous?.targetGroups.find((p) => p.arn === tg.arn))
    const lbArn = topology.loadBalancerOf(tg.arn)
    const group = { TargetGroup: targetGroupDimension(tg.arn) }
    const withLb = lbArn ? { LoadBalancer: loadBalancerDimension(lbArn), ...group } : undefined
    if (withLb) putTraffic(d, withLb)
    const divisor = tg.healthyTargets > 0 ? tg.healthyTargets : tg.targets.length
    if (d.requests > 0 && divisor > 0) {
      const perTarget = single(d.requests / divisor)
      put('RequestCountPerTarget', group, perTarget, 'Count')
      if (withLb) put('RequestCountPerTarget', withLb, perTarget, 'Count')
    }
  }
  return out
}

type TrafficDelta = Omit<TrafficSnapshot, 'inFlight'>

/** What moved between two snapshots; a counter that went backwards began again, so all of it is new. */
export function delta(current: TrafficSnapshot, previous: TrafficSnapshot | undefined): TrafficDelta {
  const d = (pick: (s: TrafficSnapshot) => number) => {
    const now = pick(current)
    const before = previous ? pick(previous) : 0
    return now >= before ? now - before : now
  }
  const reset = previous !== undefined && current.responseTime.count < previous.responseTime.count
  const buckets = current.responseTime.buckets.map((n, i) => (previous && !reset ? n - (previous.responseTime.buckets[i] ?? 0) : n))
  return {
    requests: d((s) => s.requests),
    target2xx: d((s) => s.target2xx),
    target3xx: d((s) => s.target3xx),
    target4xx: d((s) => s.target4xx),
    target5xx: d((s) => s.target5xx),
    elb4xx: d((s) => s.elb4xx),
    elb5xx: d((s) => s.elb5xx),
    elb502: d((s) => s.elb502),
    elb503: d((s) => s.elb503),
    elb504: d((s) => s.elb504),
    targetConnectionErrors: d((s) => s.targetConnectionErrors),
    responseTime: {
      count: d((s) => s.responseTime.count),
      sumMs: reset || !previous ? current.responseTime.sumMs : current.responseTime.sumMs - previous.responseTime.sumMs,
      boundsMs: current.responseTime.boundsMs,
      buckets,
    },
  }
}

/** The responses' times as a StatisticSet in seconds (see the file's comment on Minimum and Maximum). */
export function responseTimeSeconds(d: TrafficDelta): StatisticSet | undefined {
  const { count, sumMs, boundsMs, buckets } = d.responseTime
  if (count <= 0) return undefined
  const avg = sumMs / count / 1000
  if (count === 1) return single(avg)
  const first = buckets.findIndex((n) => n > 0)
  const last = buckets.length - 1 - [...buckets].reverse().findIndex((n) => n > 0)
  if (first < 0) return { sampleCount: count, sum: sumMs / 1000, minimum: avg, maximum: avg }
  const lower = first === 0 ? 0 : boundsMs[first - 1]! / 1000
  const upper = last < boundsMs.length ? boundsMs[last]! / 1000 : Math.max(avg, boundsMs[boundsMs.length - 1]! / 1000)
  return { sampleCount: count, sum: sumMs / 1000, minimum: Math.min(lower, avg), maximum: Math.max(upper, avg) }
}
