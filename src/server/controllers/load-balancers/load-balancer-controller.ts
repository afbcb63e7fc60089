import { join } from 'node:path'
import type { Clock } from '../../../core/clock.js'
import type { Controller } from '../../../core/controller.js'
import { loadBalancerTrees, targetGroupsWithTargets } from '../../../core/model/elb-topology.js'
import { targetGroupAttributesConfig } from '../../../core/model/target-group-attributes.js'
import type { LoadBalancerRecord } from '../../../core/model/load-balancer.js'
import type { TargetHealth, TargetRecord } from '../../../core/model/target.js'
import type { Logger } from '../../../core/log.js'
import { pause, type Timers } from '../../../core/timers.js'
import type { ApplyResult, DataPlane, TargetHealth as DataPlaneHealth, TargetHealthChange } from '../../../lb/index.js'
import type { ReadTx, Store, StoreTable } from '../../../state/store.js'
import { waitForWork } from '../../../state/wait-for-work.js'
import { dataPlaneConfig } from './data-plane-config.js'

export interface LoadBalancerControllerDeps {
  store: Store
  clock: Clock
  timers: Timers
  logger: Logger
  dataPlane: DataPlane
  /** Where listeners bind (`--lb-address`). */
  address: string
  /** Where an HTTPS listener's `<certificate id>.crt` and `.key` are. */
  certificatesDir: string
}

/** How often draining targets are looked at while there are any: in-flight counts have no event. */
const DRAIN_POLL_MS = 500
/** What the controller reads: a commit to any of them wakes it. */
const WATCHED: readonly StoreTable[] = ['loadBalancers', 'listeners', 'rules', 'targetGroups', 'targets', 'containerInstances']
/** How long a pass that failed waits before the next (a bug, or the store refusing). */
const RETRY_MS = 2_000

/**
 * The load-balancer controller: makes the data plane (src/lb) serve what the ELBv2 records
 * say, and writes back what only the data plane knows.
 *
 *   commit to load balancers, listeners, rules, target groups, targets or instances
 *     → read them all → dataPlaneConfig (pure) → DataPlane.apply (it diffs)
 *     → each load balancer `active` once its listeners are bound, `failed` with the reason
 *       while one cannot bind (it is tried again on the next change)
 *   DataPlane.onTargetHealth, and every pass → a sync: each registered target's stored
 *     health set to what the data plane reports (one transaction; level-triggered)
 *   a draining target → deleted once it has no request in flight, or its group's
 *     deregistration delay is over (ALB ends draining early when nothing is in flight)
 */
export function loadBalancerController(deps: LoadBalancerControllerDeps): { controller: Controller; onTargetHealth: (change: TargetHealthChange) => void } {
  // Health is recorded level-triggered: a report only asks for a sync, and a sync writes
  // whatever the data plane says that the store does not, so no report can be lost to a
  // failed or concurrent write.
  let syncing: Promise<void> | undefined
  let again = false
  const requestSync = () => {
    if (syncing) {
      again = true
      return
    }
    syncing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => syncHealth(deps))
      .catch((error: unknown) => deps.logger.warn('recording target health failed; trying again on the next change', { error }))
      .finally(() => {
        syncing = undefined
        if (again) {
          again = false
          requestSync()
        }
      })
  }
  const controller: Controller = {
    name: 'load-balancers',
    async run(signal) {
      let seen = -1
      let draining = false
      while (!signal.aborted) {
        const index = deps.store.index()
        try {
          if (index !== seen) {
            draining = await reconcile(deps)
            requestSync()
            seen = index
          } else if (draining) {
            // Only the drain timer woke it: nothing to apply, only in-flight counts to look at.
            draining = await finishDraining(deps, await deps.store.read(async (tx) => targetGroupsWithTargets(await tx.targetGroups.list(), await tx.targets.list())))
          }
        } catch (error) {
          if (signal.aborted) return
          deps.logger.error('configuring the load balancers failed; trying again shortly', { error })
          await pause(deps.timers, RETRY_MS, signal)
          continue
        }
        // Until a commit to what it reads, or the next look at draining targets.
        await waitForWork(deps.store, deps.timers, { seen, tables: WATCHED, afterMs: draining ? DRAIN_POLL_MS : undefined, signal })
      }
    },
  }
  return { controller, onTargetHealth: requestSync }
}

/**
 * Writes the health the data plane reports for every registered target whose stored health
 * differs. Looks first and writes only when something differs: a commit costs an fsync.
 */
async function syncHealth(deps: LoadBalancerControllerDeps): Promise<void> {
  const differing = (targets: readonly TargetRecord[]): TargetRecord[] => {
    const out: TargetRecord[] = []
    const live = new Map<string, Map<string, DataPlaneHealth>>()
    for (const t of targets) {
      if (t.state !== 'registered') continue
      let group = live.get(t.targetGroupArn)
      if (!group) live.set(t.targetGroupArn, (group = new Map(deps.dataPlane.health(t.targetGroupArn).map((h) => [`${h.id}:${h.port}`, h.health]))))
      const reported = group.get(`${t.id}:${t.port}`)
      const health = reported && storedHealth(reported)
      if (health && !sameHealth(t.health, health)) out.push({ ...t, health })
    }
    return out
  }
  if (differing(await deps.store.read((tx) => tx.targets.list())).length === 0) return
  await deps.store.txn(async (tx) => {
    for (const t of differing(await tx.targets.list())) await tx.targets.put(t)
  })
}

/** One pass: apply the records, then record what came of it. Returns whether targets are draining. */
async function reconcile(deps: LoadBalancerControllerDeps): Promise<boolean> {
  const read = await deps.store.read(async (tx) => {
    const [lbs, listeners, rules, groups, targets] = [await tx.loadBalancers.list(), await tx.listeners.list(), await tx.rules.list(), await tx.targetGroups.list(), await tx.targets.list()]
    return { trees: loadBalancerTrees(lbs, listeners, rules), groups: targetGroupsWithTargets(groups, targets), addresses: await instanceAddresses(tx) }
  })
  const config = dataPlaneConfig({
    trees: read.trees,
    groups: read.groups,
    instanceAddress: (id) => read.addresses.get(id),
    address: deps.address,
    certificateFiles: (id) => ({ certFile: join(deps.certificatesDir, `${id}.crt`), keyFile: join(deps.certificatesDir, `${id}.key`) }),
  })
  const result = await deps.dataPlane.apply(config)
  await recordStates(deps, read.trees, result)
  return finishDraining(deps, read.groups)
}

/** Each load balancer's state from its listeners' binding: active, or failed with the reason. */
async function recordStates(deps: LoadBalancerControllerDeps, trees: ReturnType<typeof loadBalancerTrees>, result: ApplyResult): Promise<void> {
  const errors = new Map(result.listeners.filter((l) => l.error !== undefined).map((l) => [l.arn, `${l.address}:${l.port}: ${l.error}`]))
  const changed: LoadBalancerRecord[] = []
  for (const tree of trees) {
    // A listener on a port shared with an older load balancer is served by that one's socket.
    const failures = tree.listeners.flatMap(({ listener }) => (errors.has(listener.arn) ? [errors.get(listener.arn)!] : []))
    const state = failures.length > 0 ? { code: 'failed' as const, reason: `A listener could not bind ${failures.join('; ')}` } : { code: 'active' as const }
    const lb = tree.loadBalancer
    if (lb.state.code !== state.code || lb.state.reason !== (state as { reason?: string }).reason) changed.push({ ...lb, state })
  }
  if (changed.length === 0) return
  for (const f of changed.filter((l) => l.state.code === 'failed')) deps.logger.error('a load balancer cannot listen', { loadBalancer: f.arn, reason: f.state.reason })
  await deps.store.txn(async (tx) => {
    for (const lb of changed) {
      const current = await tx.loadBalancers.get(lb.arn)
      if (current) await tx.loadBalancers.put({ ...current, state: lb.state })
    }
  })
}

/** Deletes draining targets whose requests are done or whose delay is over; true while some still drain. */
async function finishDraining(deps: LoadBalancerControllerDeps, groups: ReturnType<typeof targetGroupsWithTargets>): Promise<boolean> {
  const now = deps.clock.now()
  const done: TargetRecord[] = []
  let still = false
  for (const { group, targets } of groups) {
    const delaySeconds = targetGroupAttributesConfig(group.attributes).deregistrationDelaySeconds
    for (const t of targets) {
      if (t.state !== 'draining') continue
      const over = (t.drainingSince ?? 0) * 1000 + delaySeconds * 1000 <= now
      if (over || deps.dataPlane.inFlight(group.arn, t) === 0) done.push(t)
      else still = true
    }
  }
  if (done.length > 0) {
    await deps.store.txn(async (tx) => {
      for (const t of done) {
        const current = await tx.targets.get(t.targetGroupArn, t.id, t.port)
        if (current?.state === 'draining') await tx.targets.delete(t.targetGroupArn, t.id, t.port)
      }
    })
  }
  return still
}

/** Every registered container instance's address, by EC2 id. */
async function instanceAddresses(tx: ReadTx): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  let after: string | undefined
  for (;;) {
    const clusters = await tx.clusters.list({ after, limit: 500 })
    for (const c of clusters) {
      let from: string | undefined
      for (;;) {
        const page = await tx.containerInstances.list({ clusterArn: c.arn, after: from, limit: 500 })
        for (const i of page) if (i.ec2InstanceId && i.privateIpAddress && i.status !== 'INACTIVE') out.set(i.ec2InstanceId, i.privateIpAddress)
        if (page.length < 500) break
        from = page[page.length - 1]!.arn
      }
    }
    if (clusters.length < 500) return out
    after = clusters[clusters.length - 1]!.arn
  }
}

/** What the store keeps of the data plane's health: the states a registered target can be in. */
function storedHealth(h: DataPlaneHealth): TargetHealth | undefined {
  if (h.state !== 'initial' && h.state !== 'healthy' && h.state !== 'unhealthy' && h.state !== 'unavailable') return undefined
  return { state: h.state, ...(h.reason !== undefined ? { reason: h.reason } : {}), ...(h.description !== undefined ? { description: h.description } : {}) }
}

const sameHealth = (a: TargetHealth, b: TargetHealth) => a.state === b.state && a.reason === b.reason && a.description === b.description
