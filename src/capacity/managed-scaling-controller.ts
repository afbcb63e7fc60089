import { autoScalingGroupNameOf, AUTO_SCALING_GROUP_ATTRIBUTE, type CapacityProviderRecord } from '../core/model/capacity-provider.js'
import { isFargateProvider } from '../core/model/capacity-provider-strategy.js'
import type { Clock } from '../core/clock.js'
import type { ClusterRecord } from '../core/model/cluster.js'
import type { Controller } from '../core/controller.js'
import type { Logger } from '../core/log.js'
import { pause, type Timers } from '../core/timers.js'
import type { MetricStore } from '../metrics/metric-store.js'
import type { ReadTx, Store } from '../state/store.js'
import { decideScaling, type Demand, type GroupMember, type ScalingDecision } from './managed-scaling.js'
import { GROUP_MEMBER_ATTRIBUTE, type AutoScalingGroupPool, type GroupState } from './pool.js'

export interface ManagedScalingDeps {
  store: Store
  clock: Clock
  timers: Timers
  logger: Logger
  metrics: MetricStore
  pool: AutoScalingGroupPool
  /** How often it looks (default 5 s). */
  intervalMs?: number
  /** How long a group must be larger than it needs before it scales in (default 5 minutes). */
  scaleInAfterMs?: number
}

/** What one pass found for one provider of one cluster, and what it decided. */
interface ProviderView {
  cluster: ClusterRecord
  provider: CapacityProviderRecord
  group: GroupState
  members: GroupMember[]
  /** Member id → its container instance ARN, for deregistering it. */
  instances: Map<string, string>
  waiting: Demand[]
}

/**
 * Managed scaling: for every cluster's Auto Scaling group provider with managedScaling
 * ENABLED whose group the pool has, each pass reads the group's instances and the tasks
 * waiting for it, decides (managed-scaling.ts), launches or terminates through the pool, and
 * publishes CapacityProviderReservation (AWS/ECS/ManagedScaling, CapacityProviderName and
 * ClusterName). Terminated instances are deregistered, as ECS does when an Auto Scaling group
 * ends one. The "over target since" of each group is the controller's memory only: a restart
 * starts the scale-in wait again, which only delays a scale-in.
 */
export function managedScalingController(deps: ManagedScalingDeps): Controller {
  const overSince = new Map<string, number | undefined>()
  const intervalMs = deps.intervalMs ?? 5_000
  return {
    name: 'managed-scaling',
    async run(signal) {
      while (!signal.aborted) {
        try {
          for (const view of await deps.store.read((tx) => readProviders(tx, deps.pool))) {
            const key = `${view.cluster.arn} ${view.provider.name}`
            const decision = decideScaling({
              settings: view.provider.autoScalingGroupProvider.managedScaling,
              minSize: view.group.minSize,
              maxSize: view.group.maxSize,
              members: view.members,
              waiting: view.waiting,
              instanceSize: { cpu: view.group.instanceCpu, memory: view.group.instanceMemory },
              overSince: overSince.get(key),
              scaleInAfterMs: deps.scaleInAfterMs ?? 5 * 60_000,
              now: deps.clock.now(),
            })
            overSince.set(key, decision.overSince)
            publish(deps, view, decision)
            await act(deps, view, decision)
          }
        } catch (error) {
          deps.logger.warn('managed scaling pass failed; trying again later', { error })
        }
        await pause(deps.timers, intervalMs, signal)
      }
    },
  }
}

async function act(deps: ManagedScalingDeps, view: ProviderView, d: ScalingDecision): Promise<void> {
  const fields = { capacityProvider: view.provider.name, group: view.group.name, reservation: Math.round(d.reservation), size: d.size, desired: d.desiredSize }
  if (d.action.kind === 'launch') {
    deps.logger.info('managed scaling: launching instances', { ...fields, count: d.action.count })
    await deps.pool.launch(view.group.name, d.action.count)
  } else if (d.action.kind === 'terminate') {
    const members = d.action.members
    deps.logger.info('managed scaling: terminating idle instances', { ...fields, members })
    await deps.pool.terminate(view.group.name, members)
    await deps.store.txn(async (tx) => {
      for (const id of members) {
        const arn = view.instances.get(id)
        const ci = arn ? await tx.containerInstances.get(arn) : undefined
        if (ci && ci.status !== 'INACTIVE') await tx.containerInstances.put({ ...ci, status: 'INACTIVE', agentConnected: false, version: ci.version + 1 })
      }
    })
  }
}

function publish(deps: ManagedScalingDeps, view: ProviderView, d: ScalingDecision): void {
  const value = d.reservation
  deps.metrics.put([
    {
      metric: {
        namespace: 'AWS/ECS/ManagedScaling',
        metricName: 'CapacityProviderReservation',
        dimensions: [
          { name: 'CapacityProviderName', value: view.provider.name },
          { name: 'ClusterName', value: view.cluster.name },
        ],
      },
      timestamp: deps.clock.now(),
      values: { sampleCount: 1, sum: value, minimum: value, maximum: value },
      unit: 'Percent',
      storageResolution: 60,
    },
  ])
}

/** Every (cluster, provider) that managed scaling looks after, with what it needs to decide. */
async function readProviders(tx: ReadTx, pool: AutoScalingGroupPool): Promise<ProviderView[]> {
  const out: ProviderView[] = []
  for (const cluster of await pageAll((after) => tx.clusters.list({ after, limit: 100, status: 'ACTIVE' }), (c) => c.arn)) {
    for (const name of cluster.capacityProviders) {
      if (isFargateProvider(name)) continue
      const provider = await tx.capacityProviders.get(name)
      if (!provider || provider.status !== 'ACTIVE' || provider.autoScalingGroupProvider.managedScaling.status !== 'ENABLED') continue
      const groupName = autoScalingGroupNameOf(provider.autoScalingGroupProvider.autoScalingGroupArn)
      const group = groupName !== undefined ? pool.group(groupName) : undefined
      if (!group) continue
      out.push({ cluster, provider, group, ...(await membersOf(tx, cluster, group)), waiting: await waitingFor(tx, cluster, name) })
    }
  }
  return out
}

async function membersOf(tx: ReadTx, cluster: ClusterRecord, group: GroupState): Promise<{ members: GroupMember[]; instances: Map<string, string> }> {
  const byMember = new Map<string, { arn: string; joined: boolean; tasks: number }>()
  for (const ci of await pageAll((after) => tx.containerInstances.list({ clusterArn: cluster.arn, after, limit: 500 }), (c) => c.arn)) {
    if (ci.status === 'INACTIVE') continue
    const attr = (n: string) => ci.attributes.find((a) => a.name === n)?.value
    const id = attr(GROUP_MEMBER_ATTRIBUTE)
    if (attr(AUTO_SCALING_GROUP_ATTRIBUTE) !== group.name || id === undefined) continue
    const tasks = (await tx.tasks.holdingResources(ci.arn)).length
    byMember.set(id, { arn: ci.arn, joined: ci.status === 'ACTIVE' && ci.agentConnected, tasks })
  }
  const members = group.members.map((m) => ({ id: m.id, launchedAt: m.launchedAt, joined: byMember.get(m.id)?.joined ?? false, tasks: byMember.get(m.id)?.tasks ?? 0 }))
  return { members, instances: new Map([...byMember].map(([id, v]) => [id, v.arn])) }
}

/**
 * The tasks waiting for this provider's capacity: those it created in PROVISIONING with no
 * instance (scheduler/apply, a provider with managed scaling and no room), in this cluster, in
 * creation order — ECS's formula counts exactly these toward M.
 */
async function waitingFor(tx: ReadTx, cluster: ClusterRecord, provider: string): Promise<Demand[]> {
  return (await tx.tasks.waitingForCapacity())
    .filter((t) => t.clusterArn === cluster.arn && t.capacityProviderName === provider && t.desiredStatus === 'RUNNING')
    .map((t) => ({ cpu: t.reservation.cpu, memory: t.reservation.memory }))
}

async function pageAll<T>(fetch: (after: string | undefined) => Promise<T[]>, keyOf: (t: T) => string): Promise<T[]> {
  const out: T[] = []
  let after: string | undefined
  for (;;) {
    const page = await fetch(after)
    out.push(...page)
    if (page.length === 0) return out
    const last = keyOf(page[page.length - 1]!)
    if (last === after) return out
    after = last
    if (page.length < 100) return out
  }
}
