import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RESPONSE_TIME_BOUNDS_MS, type LoadBalancerSnapshot, type TrafficSnapshot } from '../lb/counters.js'
import type { DataPlaneMetrics } from '../lb/metrics.js'
import { delta, elbObservations, loadBalancerDimension, responseTimeSeconds, targetGroupDimension } from './elb-metrics.js'

const LB = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/web/50dc6c495c0c9188'
const TG = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/73e2d6bc24d8a067'
const T = Date.UTC(2026, 0, 1)

/** Counters with these values; `times` are response times in ms, put into the histogram as the data plane does. */
function traffic(v: Partial<Omit<TrafficSnapshot, 'responseTime'>> & { times?: number[] } = {}): TrafficSnapshot {
  const { times = [], ...rest } = v
  const buckets = new Array<number>(RESPONSE_TIME_BOUNDS_MS.length + 1).fill(0)
  for (const ms of times) {
    let i = 0
    while (i < RESPONSE_TIME_BOUNDS_MS.length && ms > RESPONSE_TIME_BOUNDS_MS[i]!) i++
    buckets[i]!++
  }
  return {
    requests: 0, target2xx: 0, target3xx: 0, target4xx: 0, target5xx: 0, elb4xx: 0, elb5xx: 0, elb502: 0, elb503: 0, elb504: 0,
    targetConnectionErrors: 0, inFlight: 0,
    responseTime: { count: times.length, sumMs: times.reduce((a, b) => a + b, 0), boundsMs: RESPONSE_TIME_BOUNDS_MS, buckets },
    ...rest,
  }
}
const lbSnap = (t: TrafficSnapshot): LoadBalancerSnapshot => ({ ...t, fixedResponses: 0, redirects: 0, newConnections: 0, activeConnections: 0 })
function plane(lb: TrafficSnapshot, tg: TrafficSnapshot, healthy: number, targets = healthy): DataPlaneMetrics {
  return {
    loadBalancers: [{ arn: LB, ...lbSnap(lb) }],
    targetGroups: [{
      arn: TG, ...tg, healthyTargets: healthy, unhealthyTargets: targets - healthy,
      targets: Array.from({ length: targets }, (_, i) => ({ id: `i-${i}`, port: 80, health: 'healthy' as const, ...traffic() })),
    }],
  }
}

/** `name{dims} = sum` (and avg/min/max for response time), for rows that read as the arithmetic. */
function figures(prev: DataPlaneMetrics | undefined, cur: DataPlaneMetrics, attached = true): Record<string, string> {
  const out: Record<string, string> = {}
  for (const o of elbObservations(prev, cur, { loadBalancerOf: () => (attached ? LB : undefined) }, T)) {
    const dims = o.metric.dimensions.map((d) => d.name).join('+')
    const v = o.values
    out[`${o.metric.metricName}{${dims}}`] =
      o.metric.metricName === 'TargetResponseTime' ? `n=${v.sampleCount} avg=${v.sum / v.sampleCount} [${v.minimum}..${v.maximum}]` : `${v.sum}`
  }
  return out
}

describe('elbObservations', () => {
  const rows: { why: string; prev?: DataPlaneMetrics; cur: DataPlaneMetrics; attached?: boolean; want: Record<string, string> }[] = [
    {
      why: 'no traffic since the last snapshot: nothing is reported (ALB reports nonzero values only)',
      prev: plane(traffic({ requests: 5, target2xx: 5 }), traffic({ requests: 5, target2xx: 5 }), 2),
      cur: plane(traffic({ requests: 5, target2xx: 5 }), traffic({ requests: 5, target2xx: 5 }), 2),
      want: {},
    },
    {
      why: 'the differences, per load balancer and per group; per target divides by the healthy targets',
      prev: plane(traffic({ requests: 10, target2xx: 8, target5xx: 2 }), traffic({ requests: 10, target2xx: 8, target5xx: 2 }), 2),
      cur: plane(traffic({ requests: 30, target2xx: 24, target4xx: 3, target5xx: 3 }), traffic({ requests: 30, target2xx: 24, target4xx: 3, target5xx: 3 }), 4),
      want: {
        'RequestCount{LoadBalancer}': '20',
        'HTTPCode_Target_2XX_Count{LoadBalancer}': '16',
        'HTTPCode_Target_4XX_Count{LoadBalancer}': '3',
        'HTTPCode_Target_5XX_Count{LoadBalancer}': '1',
        'RequestCount{LoadBalancer+TargetGroup}': '20',
        'HTTPCode_Target_2XX_Count{LoadBalancer+TargetGroup}': '16',
        'HTTPCode_Target_4XX_Count{LoadBalancer+TargetGroup}': '3',
        'HTTPCode_Target_5XX_Count{LoadBalancer+TargetGroup}': '1',
        'RequestCountPerTarget{TargetGroup}': '5',
        'RequestCountPerTarget{LoadBalancer+TargetGroup}': '5',
      },
    },
    {
      why: 'the first snapshot counts from zero; answers the proxy wrote itself are the load balancer\'s only',
      cur: plane(traffic({ requests: 4, elb5xx: 3, elb503: 3, elb4xx: 1 }), traffic({ requests: 3, elb5xx: 3, elb503: 3 }), 0, 0),
      want: {
        'RequestCount{LoadBalancer}': '4',
        'HTTPCode_ELB_4XX_Count{LoadBalancer}': '1',
        'HTTPCode_ELB_5XX_Count{LoadBalancer}': '3',
        'HTTPCode_ELB_503_Count{LoadBalancer}': '3',
        'RequestCount{LoadBalancer+TargetGroup}': '3',
      },
    },
    {
      why: 'no healthy target: per target divides by every registered target, as ALB does',
      cur: plane(traffic({ requests: 6 }), traffic({ requests: 6 }), 0, 3),
      want: {
        'RequestCount{LoadBalancer}': '6',
        'RequestCount{LoadBalancer+TargetGroup}': '6',
        'RequestCountPerTarget{TargetGroup}': '2',
        'RequestCountPerTarget{LoadBalancer+TargetGroup}': '2',
      },
    },
    {
      why: 'a group no listener forwards to has no LoadBalancer dimension: per target alone',
      cur: plane(traffic(), traffic({ requests: 2 }), 1),
      attached: false,
      want: { 'RequestCountPerTarget{TargetGroup}': '2' },
    },
    {
      why: 'counters that went backwards began again (the data plane restarted): all of the new value counts',
      prev: plane(traffic({ requests: 100 }), traffic({ requests: 100 }), 1),
      cur: plane(traffic({ requests: 7 }), traffic({ requests: 7 }), 1),
      want: {
        'RequestCount{LoadBalancer}': '7',
        'RequestCount{LoadBalancer+TargetGroup}': '7',
        'RequestCountPerTarget{TargetGroup}': '7',
        'RequestCountPerTarget{LoadBalancer+TargetGroup}': '7',
      },
    },
    {
      why: 'response times in seconds: the average exact, minimum and maximum from the histogram buckets',
      prev: plane(traffic({ times: [3] }), traffic(), 1),
      cur: plane(traffic({ times: [3, 4, 20, 36] }), traffic(), 1),
      want: { 'TargetResponseTime{LoadBalancer}': 'n=3 avg=0.02 [0.002..0.05]' },
    },
  ]
  for (const r of rows) it(r.why, () => assert.deepEqual(figures(r.prev, r.cur, r.attached ?? true), r.want))

  it('names dimensions as CloudWatch does', () => {
    assert.equal(loadBalancerDimension(LB), 'app/web/50dc6c495c0c9188')
    assert.equal(targetGroupDimension(TG), 'targetgroup/web/73e2d6bc24d8a067')
    const [o] = elbObservations(undefined, plane(traffic({ requests: 1 }), traffic(), 1), { loadBalancerOf: () => LB }, T)
    assert.deepEqual(o?.metric, { namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensions: [{ name: 'LoadBalancer', value: 'app/web/50dc6c495c0c9188' }] })
    assert.equal(o?.unit, 'Count')
  })
})

describe('responseTimeSeconds', () => {
  const rows = [
    { why: 'one response: its exact time', times: [7], want: { sampleCount: 1, sum: 0.007, minimum: 0.007, maximum: 0.007 } },
    { why: 'within one bucket (5, 10]: its bounds', times: [6, 8], want: { sampleCount: 2, sum: 0.014, minimum: 0.005, maximum: 0.01 } },
    { why: 'slower than every bound: the maximum is the average at least', times: [70_000, 90_000], want: { sampleCount: 2, sum: 160, minimum: 60, maximum: 80 } },
    { why: 'none: no point', times: [], want: undefined },
  ]
  for (const r of rows) it(r.why, () => assert.deepEqual(responseTimeSeconds(delta(traffic({ times: r.times }), undefined)), r.want))
})
