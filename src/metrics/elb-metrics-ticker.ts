import type { Clock } from '../core/clock.js'
import type { Controller } from '../core/controller.js'
import type { Logger } from '../core/log.js'
import { targetGroupLoadBalancers } from '../core/model/elb-topology.js'
import { pause, type Timers } from '../core/timers.js'
import type { DataPlaneMetrics } from '../lb/metrics.js'
import type { Store } from '../state/store.js'
import { elbObservations, type ElbTopology } from './elb-metrics.js'
import type { MetricStore } from './metric-store.js'

export interface ElbMetricsDeps {
  store: Store
  clock: Clock
  timers: Timers
  logger: Logger
  metrics: MetricStore
  /** The data plane's counters (DataPlane.metrics()). */
  counters: () => DataPlaneMetrics
  intervalMs: number
  storageResolution?: 1 | 60
}

/**
 * Every interval, snapshots the load balancers' counters and puts what changed since the
 * previous snapshot into the MetricStore as `AWS/ApplicationELB` metrics (elb-metrics.ts): a
 * controller. Its first pass counts from zero: the data plane counts from its own start, which
 * is the control plane's, as the ticker's is (a loop restarted after a bug counts again once).
 */
export function elbMetricsTicker(deps: ElbMetricsDeps): Controller {
  return {
    name: 'elb-metrics',
    async run(signal) {
      let previous: DataPlaneMetrics | undefined
      while (!signal.aborted) {
        await pause(deps.timers, deps.intervalMs, signal)
        if (signal.aborted) return
        try {
          const current = deps.counters()
          const topology = await readTopology(deps.store)
          deps.metrics.put(elbObservations(previous, current, topology, deps.clock.now(), deps.storageResolution ?? 60))
          previous = current
        } catch (error) {
          deps.logger.warn('computing AWS/ApplicationELB metrics failed; trying again next interval', { error })
        }
      }
    },
  }
}

/** Which load balancer forwards to each group, from the listeners and rules (ALB lets a group serve one). */
async function readTopology(store: Store): Promise<ElbTopology> {
  const { listeners, rules } = await store.read(async (tx) => ({ listeners: await tx.listeners.list(), rules: await tx.rules.list() }))
  const cache = new Map<string, string | undefined>()
  return {
    loadBalancerOf(arn) {
      if (!cache.has(arn)) cache.set(arn, targetGroupLoadBalancers(arn, listeners, rules)[0])
      return cache.get(arn)
    },
  }
}
