import type { EcsArns } from '../../core/arn.js'
import type { TaskDefinition } from '../../core/aws-model/ecs.types.js'
import type { Clock } from '../../core/clock.js'
import type { Controller } from '../../core/controller.js'
import type { Logger } from '../../core/log.js'
import type { Timers } from '../../core/timers.js'
import type { ReadTx, Store } from '../../state/store.js'
import { waitForWork } from '../../state/wait-for-work.js'
import { applyPlan, type ApplyOutcome } from './apply-plan.js'
import { watchingAlarms } from './deployment-alarms.js'
import { elbReads } from './elb-reads.js'
import { loadInstances, loadServiceSnapshot } from './load.js'
import { FARGATE_POOL_CLUSTER } from '../../core/model/fargate.js'
import { reconcileService } from './reconcile.js'
import { clusterView, planActs, type ClusterView, type SchedulerSettings, type ServicePlan, type ServiceSnapshot } from './snapshot.js'

export interface ServiceSchedulerDeps {
  store: Store
  clock: Clock
  timers: Timers
  logger: Logger
  arns: EcsArns
  settings: SchedulerSettings
  /** Told after each pass how many services it looked at and how long it took (the bench; metrics later). */
  onPass?: ((pass: { services: number; ms: number }) => void) | undefined
}

/** How long a placement that found no room waits before trying again if nothing in its cluster changes. */
export const placementRetryDelay = (failures: number): number => Math.min(60_000, 1_000 * 2 ** Math.min(failures, 6))

/** Changes read per store call; past it, every service is looked at again (never half a burst). */
const CHANGES_PAGE = 50_000
/** Services whose snapshots one read takes. */
const READ_CHUNK = 100

interface Looked {
  arn: string
  snapshot?: ServiceSnapshot
  plan?: ServicePlan
}

/**
 * The service scheduler, a controller: it keeps every ACTIVE service at its desired count,
 * rolls deployments, and retires deleted services. Level-triggered:
 *
 *   wake on a commit to services, tasks, container instances (or targets, rules, alarms), or when a service's own
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
  /** Services with load balancers, as last looked at: a change to targets wakes them. */
  readonly #balanced = new Set<string>()
  /** Services whose deployment alarms are watched, as last looked at: a change to alarms wakes them. */
  readonly #alarmed = new Set<string>()
  /** Task definitions by ARN: what the scheduler reads of them never changes. */
  readonly #definitions = new Map<string, TaskDefinition>()

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
        for (const c of clusters) for (const arn of await liveServices(tx, c.arn)) this.#dirty.add(arn)
        if (clusters.length < 500) return
        after = clusters[clusters.length - 1]!.arn
      }
    })
  }

  async #collectChanges(since: number): Promise<void> {
    const { store } = this.#deps
    const overflow = await store.read(async (tx) => {
      const services = await tx.services.changedSince({ since, limit: CHANGES_PAGE })
      const tasks = await tx.tasks.changedSince({ since, limit: CHANGES_PAGE })
      const instances = await tx.containerInstances.changedSince({ since, limit: CHANGES_PAGE })
      for (const { record } of services) this.#dirty.add(record.arn)
      for (const { record: t } of tasks) {
        if (t.lastStatus === 'STOPPED') this.#bump(t.clusterArn)
        if (t.group.startsWith('service:')) this.#dirty.add(serviceArnOf(t.clusterArn, t.group.slice('service:'.length)))
      }
      // Every service of a cluster whose instances changed: listed once per cluster, however
      // many of its instances changed (all of them, when the agents reconnect after a restart).
      for (const clusterArn of new Set(instances.map((c) => c.record.clusterArn))) {
        this.#bump(clusterArn)
        for (const arn of await liveServices(tx, clusterArn)) this.#dirty.add(arn)
      }
      // Targets and the groups' listeners: every service behind a load balancer (few; their
      // health is what moves a deployment on).
      if (since < store.tableIndex('targets') || since < store.tableIndex('listeners') || since < store.tableIndex('rules')) {
        for (const arn of this.#balanced) this.#dirty.add(arn)
      }
      // An alarm's state: every service with a deployment its alarms watch (few, and briefly).
      if (since < store.tableIndex('alarms')) for (const arn of this.#alarmed) this.#dirty.add(arn)
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

  /**
   * Reconciles every dirty service, cluster by cluster: a cluster's instances are read once,
   * and its services' snapshots a chunk per read (one read each would cost a queue turn
   * apiece; one read for all would hold the store from the API's requests).
   */
  async #pass(signal: AbortSignal): Promise<void> {
    const started = performance.now()
    const count = this.#dirty.size
    const byCluster = new Map<string, string[]>()
    for (const arn of this.#dirty) {
      const cluster = clusterArnOf(arn)
      byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), arn])
    }
    this.#dirty.clear()
    for (const [clusterArn, services] of byCluster) {
      const poolArn = this.#deps.arns.cluster(FARGATE_POOL_CLUSTER)
      const cluster = await this.#deps.store.read(async (tx) => clusterView(await loadInstances(tx, clusterArn), await loadInstances(tx, poolArn)))
      for (let from = 0; from < services.length; from += READ_CHUNK) {
        if (signal.aborted) return
        const chunk = services.slice(from, from + READ_CHUNK)
        const now = this.#deps.clock.now()
        const looked = await this.#deps.store.read(async (tx) => {
          const out: Looked[] = []
          // The chunk's services read listeners and rules once, within this one read (never
          // beyond it: elb-reads.ts says why).
          const elb = elbReads(tx)
          for (const arn of chunk) {
            const snapshot = await loadServiceSnapshot(tx, arn, this.#context(arn, clusterArn, cluster, now), this.#definitions, elb)
            out.push({ arn, ...(snapshot ? { snapshot, plan: reconcileService(snapshot) } : {}) })
          }
          return out
        })
        for (const l of looked) await this.#settle(l, clusterArn, cluster, signal)
      }
    }
    if (count > 0) this.#deps.onPass?.({ services: count, ms: performance.now() - started })
  }

  #context(arn: string, clusterArn: string, cluster: ClusterView, now: number) {
    return { cluster, settings: this.#deps.settings, mayPlace: this.#mayPlace(arn, clusterArn, now), now }
  }

  /** A looked-at service: nothing to do but remember when to look again, or apply its plan. */
  async #settle(looked: Looked, clusterArn: string, cluster: ClusterView, signal: AbortSignal): Promise<void> {
    const { arn, snapshot, plan } = looked
    if (!snapshot || !plan) {
      this.#forget(arn)
      return
    }
    if (snapshot.targetGroups.size > 0) this.#balanced.add(arn)
    else this.#balanced.delete(arn)
    if (watchingAlarms(plan.service.deploymentConfiguration, plan.service.deployments[0])) this.#alarmed.add(arn)
    else this.#alarmed.delete(arn)
    let wakeAt = plan.wakeAt
    try {
      if (planActs(plan, snapshot)) {
        const now = this.#deps.clock.now()
        // Decide again inside the write: what is written is decided from what it is written over.
        const applied = await this.#deps.store.txn(async (tx) => {
          const fresh = await loadServiceSnapshot(tx, arn, this.#context(arn, clusterArn, cluster, now), this.#definitions)
          if (!fresh) return undefined
          const again = reconcileService(fresh)
          const outcome = planActs(again, fresh) ? await applyPlan(tx, fresh, again, this.#deps) : undefined
          return { plan: again, outcome }
        })
        wakeAt = applied?.plan.wakeAt
        if (applied?.outcome) this.#placed(arn, clusterArn, applied.outcome, now)
      }
    } catch (error) {
      if (signal.aborted) return
      this.#deps.logger.error('scheduling a service failed; trying again shortly', { service: arn, error })
      wakeAt = this.#deps.clock.now() + 5_000
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
    this.#balanced.delete(arn)
    this.#alarmed.delete(arn)
    this.#wakes.delete(arn)
    this.#placement.delete(arn)
  }

  /** Until a commit to what the scheduler reads, the earliest timer, or the end. */
  async #waitForWork(signal: AbortSignal): Promise<void> {
    if (this.#dirty.size > 0 || signal.aborted) return
    const { store, timers, clock } = this.#deps
    const times = [...this.#wakes.values(), ...[...this.#placement.values()].filter((w) => !w.due).map((w) => w.retryAt)]
    await waitForWork(store, timers, {
      seen: this.#seen,
      tables: ['services', 'tasks', 'containerInstances', 'targets', 'listeners', 'rules', 'alarms'],
      afterMs: times.length > 0 ? Math.min(...times) - clock.now() : undefined,
      signal,
    })
  }
}

/** The ARNs of a cluster's ACTIVE and DRAINING services: those the scheduler has work for. */
async function liveServices(tx: ReadTx, clusterArn: string): Promise<string[]> {
  const out: string[] = []
  for (const status of ['ACTIVE', 'DRAINING'] as const) {
    let after: string | undefined
    for (;;) {
      const page = await tx.services.list({ clusterArn, status, after, limit: 500 })
      out.push(...page.map((s) => s.arn))
      if (page.length < 500) break
      after = page[page.length - 1]!.arn
    }
  }
  return out
}

/** `arn:...:cluster/c` + `web` → `arn:...:service/c/web` (the long ARN format). */
const serviceArnOf = (clusterArn: string, name: string) => `${clusterArn.replace(':cluster/', ':service/')}/${name}`
/** `arn:...:service/c/web` → `arn:...:cluster/c`. */
const clusterArnOf = (serviceArn: string) => serviceArn.slice(0, serviceArn.lastIndexOf('/')).replace(':service/', ':cluster/')
