/**
 * What the data plane counts, for the metrics issue to serve as `AWS/ApplicationELB`
 * metrics: cumulative counters (the reader takes differences between two snapshots) kept per
 * load balancer, per target group and per target. Plain numbers bumped in place on the
 * request path; `snapshot` copies them out.
 *
 *   RequestCount              requests                      (per LB, per target group)
 *   RequestCountPerTarget     requests / healthy targets    (the reader divides)
 *   TargetResponseTime        responseTime histogram, from the request leaving the proxy to
 *                             the target's response headers (as ALB measures it)
 *   HTTPCode_Target_nXX_Count target2xx .. target5xx
 *   HTTPCode_ELB_502/503/504_Count, HTTPCode_ELB_4XX/5XX_Count   elb* (answers the proxy wrote)
 */

/** Upper bounds (ms) of the response-time buckets; a last bucket takes everything slower. */
export const RESPONSE_TIME_BOUNDS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000] as const

export class TrafficCounters {
  requests = 0
  target2xx = 0
  target3xx = 0
  target4xx = 0
  target5xx = 0
  elb4xx = 0
  elb5xx = 0
  elb502 = 0
  elb503 = 0
  elb504 = 0
  /** Connections to a target that failed (TargetConnectionErrorCount). */
  targetConnectionErrors = 0
  inFlight = 0
  responseTimeCount = 0
  responseTimeSumMs = 0
  readonly responseTimeBuckets = new Float64Array(RESPONSE_TIME_BOUNDS_MS.length + 1)

  /** A target answered `status` after `ms`. */
  targetResponded(status: number, ms: number): void {
    if (status < 300) this.target2xx++
    else if (status < 400) this.target3xx++
    else if (status < 500) this.target4xx++
    else this.target5xx++
    this.responseTimeCount++
    this.responseTimeSumMs += ms
    let i = 0
    while (i < RESPONSE_TIME_BOUNDS_MS.length && ms > RESPONSE_TIME_BOUNDS_MS[i]!) i++
    this.responseTimeBuckets[i]!++
  }

  /** The proxy answered `status` itself. */
  elbResponded(status: number): void {
    if (status >= 500) {
      this.elb5xx++
      if (status === 502) this.elb502++
      else if (status === 503) this.elb503++
      else if (status === 504) this.elb504++
    } else if (status >= 400) this.elb4xx++
  }

  snapshot(): TrafficSnapshot {
    return {
      requests: this.requests,
      target2xx: this.target2xx,
      target3xx: this.target3xx,
      target4xx: this.target4xx,
      target5xx: this.target5xx,
      elb4xx: this.elb4xx,
      elb5xx: this.elb5xx,
      elb502: this.elb502,
      elb503: this.elb503,
      elb504: this.elb504,
      targetConnectionErrors: this.targetConnectionErrors,
      inFlight: this.inFlight,
      responseTime: { count: this.responseTimeCount, sumMs: this.responseTimeSumMs, boundsMs: RESPONSE_TIME_BOUNDS_MS, buckets: Array.from(this.responseTimeBuckets) },
    }
  }
}

export interface TrafficSnapshot {
  requests: number
  target2xx: number
  target3xx: number
  target4xx: number
  target5xx: number
  elb4xx: number
  elb5xx: number
  elb502: number
  elb503: number
  elb504: number
  targetConnectionErrors: number
  inFlight: number
  /** `buckets[i]` counts responses ≤ `boundsMs[i]` (and > the bound before); the last, slower than every bound. */
  responseTime: { count: number; sumMs: number; boundsMs: readonly number[]; buckets: number[] }
}

/** Per load balancer: what no target group owns. */
export class LoadBalancerCounters extends TrafficCounters {
  /** HTTP_Fixed_Response_Count, HTTP_Redirect_Count. */
  fixedResponses = 0
  redirects = 0
  /** NewConnectionCount and ActiveConnectionCount. */
  newConnections = 0
  activeConnections = 0

  override snapshot(): LoadBalancerSnapshot {
    return { ...super.snapshot(), fixedResponses: this.fixedResponses, redirects: this.redirects, newConnections: this.newConnections, activeConnections: this.activeConnections }
  }
}

export interface LoadBalancerSnapshot extends TrafficSnapshot {
  fixedResponses: number
  redirects: number
  newConnections: number
  activeConnections: number
}
