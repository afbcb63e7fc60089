import type { EcsArns } from '../../core/arn.js'
import type { Clock } from '../../core/clock.js'
import type { Controller } from '../../core/controller.js'
import type { Logger } from '../../core/log.js'
import type { ContainerInstanceRecord } from '../../core/model/container-instance.js'
import type { Timers } from '../../core/timers.js'
import type { Store } from '../../state/store.js'
import { applyPlan, type ApplyOutcome } from './apply-plan.js'
import { loadInstances, loadServiceSnapshot } from './load.js'
import { reconcileService } from './reconcile.js'
import { planActs, type SchedulerSettings } from './snapshot.js'

export interface ServiceSchedulerDeps {
  store: Store
  clock: Clock
  timers: Timers
  logger: Logger
  arns: EcsArns
  settings: SchedulerSettings
}

/** How long a placement that found no room waits before trying again if nothing in its cluster changes. */
export const placementRetryDelay = (failures: number): number => Math.min(60_000, 1_000 * 2 ** Math.min(failures, 6))

/** Changes read per store call; past it, every service is looked at again (never half a burst). */
const CHANGES_PAGE = 50_000

/**
 * The service scheduler, a controller: it keeps every ACTIVE service at its desired count,
 * rolls deployments, and retires deleted services. Level-triggered:
 *
 *   wake on a commit to services, tasks or container instances, or when a service's own
 *   timer is due (a health threshold, a lost instance, a throttle, a placement retry)
 *     → which services changed: services written, services whose tasks were written, every
 *       service of a cluster whose instances were written (store changedSince)
 *     → for each: read its snapshot, reconcileService (pure); if the plan acts, read again and
 *       decide again inside a write transaction, and apply it there (apply-plan.ts): the
 *       decision and its effects commit together, against the state they were made from.
 *
 * The first pass looks at every service. A placement that found no room is retried when a
 * task of its cluster stops or an instance changes, or after a backoff, not on every commit.
 */
export function serviceScheduler(deps: ServiceSchedulerDeps): Controller {
  return { name: 'service-scheduler', run: (signal) => new SchedulerLoop(deps).run(signal) }
}

interface PlacementWait {
  failures: number
  retryAt: number
  /** The cluster's capacity epoch when it failed: a later one may have room. */
  epoch: number
  /** Its retry time came and the service was looked at again. */
  due: boolean
}

class SchedulerLoop {
  readonly #deps: ServiceSchedulerDeps
  #seen = 0
  readonly #dirty = new Set<string>()
  readonly #wakes = new Map<string, number>()
  readonly #placement = new Map<string, PlacementWait>()
  /** Per cluster, bumped when capacity may have freed up: a task stopped, an instance changed. */
  readonly #epochs = new Map<string, number>()

  constructor(deps: ServiceSchedulerDeps) {
    this.#deps = deps
  }

  async run(signal: AbortSignal): Promise<void> {
    const { store } = this.#deps
    this.#seen = store.index()
    await this.#markAll()
    while (!signal.aborted) {
      const index = store.index()
      await this.#collectChanges(this.#seen)
      this.#seen = index
      this.#collectDue(this.#deps.clock.now())
      await this.#pass(signal)
      await this.#waitForWork(signal)
    }
  }

  /** Every service that may need work: the first pass, or after a burst too big to read. */
  async #markAll(): Promise<void> {
    await this.#deps.store.read(async (tx) => {
      let after: string | undefined
      for (;;) {
        const clusters = await tx.clusters.list({ after, limit: 500 })
        for (const c of clusters) {
          for (const status of ['ACTIVE', 'DRAINING'] as const) {
            let from: string | undefined
            for (;;) {
              const page = await tx.services.list({ clusterArn: c.arn, status, after: from, limit: 500 })
              for (const s of page) this.#dirty.add(s.arn)
              if (page.length < 500) break
              from = page[page.length - 1]!.arn
            }
          }
        }
        if (clusters.length < 500) return
        after = clusters[clusters.length - 1]!.arn
      }
    })
  }

  async #collectChanges(since: number): Promise<void> {
    const overflow = await this.#deps.store.read(async (tx) => {
      const services = await tx.services.changedSince({ since, limit: CHANGES_PAGE })
      const tasks = await tx.tasks.changedSince({ since, limit: CHANGES_PAGE })
      const instances = await tx.containerInstances.changedSince({ since, limit: CHANGES_PAGE })
      for (const { record } of services) this.#dirty.add(record.arn)
      for (const { record: t } of tasks) {
        if (t.lastStatus === 'STOPPED') this.#bump(t.clusterArn)
        if (t.group.startsWith('service:')) this.#dirty.add(serviceArnOf(t.clusterArn, t.group.slice('service:'.length)))
      }
      for (const { record: i } of instances) {
        this.#bump(i.clusterArn)
        for (const status of ['ACTIVE', 'DRAINING'] as const) {
          for (const s of await tx.services.list({ clusterArn: i.clusterArn, status, limit: 10_000 })) this.#dirty.add(s.arn)
        }
      }
      return [services, tasks, instances].some((c) => c.length === CHANGES_PAGE)
    })
    if (overflow) await this.#markAll()
  }

  #bump(clusterArn: string): void {
    this.#epochs.set(clusterArn, (this.#epochs.get(clusterArn) ?? 0) + 1)
  }

  #collectDue(now: number): void {
    for (const [arn, at] of this.#wakes) if (at <= now) this.#dirty.add(arn)
    for (const [arn, wait] of this.#placement) {
      if (wait.due || wait.retryAt > now) continue
      wait.due = true
      this.#dirty.add(arn)
    }
  }

  /** Reconciles every dirty service, cluster by cluster (a cluster's instances are read once). */
  async #pass(signal: AbortSignal): Promise<void> {
    const byCluster = new Map<string, string[]>()
    for (const arn of this.#dirty) {
      const cluster = clusterArnOf(arn)
      byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), arn])
    }
    this.#dirty.clear()
    for (const [clusterArn, services] of byCluster) {
      if (signal.aborted) return
      const instances = await this.#deps.store.read((tx) => loadInstances(tx, clusterArn))
      for (const arn of services) {
        try {
          await this.#reconcile(arn, clusterArn, instances)
        } catch (error) {
          if (signal.aborted) return
          this.#deps.logger.error('scheduling a service failed; trying again shortly', { service: arn, error })
          this.#wakes.set(arn, this.#deps.clock.now() + 5_000)
        }
      }
    }
  }

  async #reconcile(arn: string, clusterArn: string, instances: readonly ContainerInstanceRecord[]): Promise<void> {
    const { store, clock, settings } = this.#deps
    const now = clock.now()
    const context = { instances, settings, mayPlace: this.#mayPlace(arn, clusterArn, now), now }
    const looked = await store.read(async (tx) => {
      const snapshot = await loadServiceSnapshot(tx, arn, context)
      return snapshot && { snapshot, plan: reconcileService(snapshot) }
    })
    if (!looked) {
      this.#forget(arn)
      return
    }
    let wakeAt = looked.plan.wakeAt
    if (planActs(looked.plan, looked.snapshot)) {
      const applied = await store.txn(async (tx) => {
        const snapshot = await loadServiceSnapshot(tx, arn, context)
        if (!snapshot) return undefined
        const plan = reconcileService(snapshot)
        const outcome = planActs(plan, snapshot) ? await applyPlan(tx, snapshot, plan, this.#deps) : undefined
        return { plan, outcome }
      })
      wakeAt = applied?.plan.wakeAt
      if (applied?.outcome) this.#placed(arn, clusterArn, applied.outcome, now)
    }
    if (wakeAt !== undefined) this.#wakes.set(arn, wakeAt)
    else this.#wakes.delete(arn)
  }

  #mayPlace(arn: string, clusterArn: string, now: number): boolean {
    const wait = this.#placement.get(arn)
    return !wait || wait.epoch !== (this.#epochs.get(clusterArn) ?? 0) || now >= wait.retryAt
  }

  #placed(arn: string, clusterArn: string, outcome: ApplyOutcome, now: number): void {
    if (!outcome.unplaced) {
      if (outcome.placed > 0) this.#placement.delete(arn)
      return
    }
    const failures = (this.#placement.get(arn)?.failures ?? 0) + 1
    this.#placement.set(arn, { failures, retryAt: now + placementRetryDelay(failures), epoch: this.#epochs.get(clusterArn) ?? 0, due: false })
  }

  #forget(arn: string): void {
    this.#wakes.delete(arn)
    this.#placement.delete(arn)
  }

  /** Until a commit to what the scheduler reads, the earliest timer, or the end. */
  async #waitForWork(signal: AbortSignal): Promise<void> {
    if (this.#dirty.size > 0 || signal.aborted) return
    const { store, timers, clock } = this.#deps
    const times = [...this.#wakes.values(), ...[...this.#placement.values()].filter((w) => !w.due).map((w) => w.retryAt)]
    const stop = new AbortController()
    const onAbort = () => stop.abort()
    signal.addEventListener('abort', onAbort, { once: true })
    let cancelTimer: (() => void) | undefined
    try {
      await Promise.race([
        store.watch(this.#seen, { tables: ['services', 'tasks', 'containerInstances'], signal: stop.signal }).catch(() => undefined),
        ...(times.length > 0 ? [new Promise<void>((resolve) => (cancelTimer = timers.after(Math.min(...times) - clock.now(), resolve)))] : []),
      ])
    } finally {
      cancelTimer?.()
      stop.abort()
      signal.removeEventListener('abort', onAbort)
    }
  }
}

/** `arn:...:cluster/c` + `web` → `arn:...:service/c/web` (the long ARN format). */
const serviceArnOf = (clusterArn: string, name: string) => `${clusterArn.replace(':cluster/', ':service/')}/${name}`
/** `arn:...:service/c/web` → `arn:...:cluster/c`. */
const clusterArnOf = (serviceArn: string) => serviceArn.slice(0, serviceArn.lastIndexOf('/')).replace(':service/', ':cluster/')
