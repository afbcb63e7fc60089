import type { Clock } from '../core/clock.js'
import type { Controller } from '../core/controller.js'
import type { Logger } from '../core/log.js'
import { pause, type Timers } from '../core/timers.js'
import type { TaskRecord } from '../core/model/task.js'
import type { ReadTx, Store } from '../state/store.js'
import { ecsObservations, reservedForMetrics, serviceOfGroup, type ClusterUsage } from './ecs-utilization.js'
import type { MetricStore } from './metric-store.js'
import type { TaskSampleBook } from './task-samples.js'

export interface EcsMetricsDeps {
  store: Store
  clock: Clock
  timers: Timers
  logger: Logger
  metrics: MetricStore
  /** Where the agent channel's stats handler records samples. */
  samples: TaskSampleBook
  /** How often the figures are computed; samples older than three intervals (a late sampling round is not a gap) are ignored. */
  intervalMs: number
  /** 60 (CloudWatch's standard resolution, as ECS's metrics are) unless periods are compressed. */
  storageResolution?: 1 | 60
}

const PAGE = 500

/**
 * Every interval, turns the latest container samples and the store's records into `AWS/ECS`
 * observations (ecs-utilization.ts) and puts them into the MetricStore: a controller. Reads
 * committed state only, writes nothing to the store.
 */
export function ecsMetricsTicker(deps: EcsMetricsDeps): Controller {
  return {
    name: 'ecs-metrics',
    async run(signal) {
      while (!signal.aborted) {
        await pause(deps.timers, deps.intervalMs, signal)
        if (signal.aborted) return
        const now = deps.clock.now()
        const notBefore = now - 3 * deps.intervalMs
        deps.samples.prune(notBefore)
        try {
          const clusters = await deps.store.read((tx) => readUsage(tx, deps.samples, notBefore))
          deps.metrics.put(clusters.flatMap((c) => ecsObservations(c, observedAt(c, now), deps.storageResolution ?? 60)))
        } catch (error) {
          deps.logger.warn('computing AWS/ECS metrics failed; trying again next interval', { error })
        }
      }
    },
  }
}

/**
 * The time a cluster's figures describe: when its newest sample arrived, not this tick's time.
 * A sample measures the seconds before it; stamped at the tick instead (up to an interval
 * later) the first loaded sample often fell into the next period, and a target-tracking alarm
 * over compressed 10 s periods fired a whole period late. A cluster without samples (its
 * reservation only) is stamped now.
 */
export const observedAt = (c: ClusterUsage, now: number): number => c.newestSampleAt ?? now

/** Every ACTIVE cluster's instances and RUNNING tasks, each task with its recent sample from its own instance. */
export async function readUsage(tx: ReadTx, samples: TaskSampleBook, notBefore: number): Promise<ClusterUsage[]> {
  const out: ClusterUsage[] = []
  for (const cluster of await all((after) => tx.clusters.list({ after, limit: PAGE, status: 'ACTIVE' }), (c) => c.arn)) {
    const instances = await all((after) => tx.containerInstances.list({ after, limit: PAGE, clusterArn: cluster.arn }), (i) => i.arn)
    const tasks = await all((after) => tx.tasks.list({ after, limit: PAGE, clusterArn: cluster.arn, desiredStatus: 'RUNNING' }), (t) => t.arn)
    let newestSampleAt: number | undefined
    const sampleOf = (t: TaskRecord) => {
      // A task waiting in PROVISIONING has no instance, and no agent that samples it.
      const s = t.containerInstanceArn === undefined ? undefined : samples.recent(t.arn, t.containerInstanceArn, notBefore)
      if (s && (newestSampleAt === undefined || s.receivedAt > newestSampleAt)) newestSampleAt = s.receivedAt
      return s
    }
    const usages = tasks
      .filter((t) => t.lastStatus === 'RUNNING')
      .map((t) => {
        const s = sampleOf(t)
        return { serviceName: serviceOfGroup(t.group), reserved: reservedForMetrics(t), used: s ? { cpu: s.cpuUnits, memoryMiB: s.memoryMiB } : undefined }
      })
    out.push({
      clusterName: cluster.name,
      instances: instances.map((i) => ({
        status: i.status,
        cpu: i.registeredResources.find((r) => r.name === 'CPU')?.integerValue ?? 0,
        memoryMiB: i.registeredResources.find((r) => r.name === 'MEMORY')?.integerValue ?? 0,
      })),
      tasks: usages,
      newestSampleAt,
    })
  }
  return out
}

async function all<T>(page: (after: string | undefined) => Promise<T[]>, keyOf: (t: T) => string): Promise<T[]> {
  const out: T[] = []
  let after: string | undefined
  for (;;) {
    const items = await page(after)
    out.push(...items)
    if (items.length < PAGE) return out
    after = keyOf(items[items.length - 1]!)
  }
}
