import type { Cluster, ClusterField } from '../../../core/aws-model/ecs.types.js'
import type { ClusterRecord } from '../../../core/model/cluster.js'
import { toWireTags } from '../../../core/model/tag.js'
import type { ReadTx } from '../../../state/store.js'

/**
 * A stored cluster as ECS describes it: counts derived from what the cluster holds; settings,
 * configuration, statistics and tags only when asked for with `include` (ECS's DescribeClusters
 * documentation: "If this field is omitted, this information isn't included"), so a client
 * that did not ask sees the members absent, not empty. Berth has no cluster attachments
 * (capacity providers' are ECS-managed), so ATTACHMENTS adds nothing.
 */
/** What CreateCluster and DeleteCluster answer: the cluster as created, without statistics. */
export const WHOLE_CLUSTER: readonly ClusterField[] = ['CONFIGURATIONS', 'SETTINGS', 'TAGS']

export async function viewCluster(tx: ReadTx, c: ClusterRecord, include: readonly ClusterField[] = []): Promise<Cluster> {
  const registered = c.status === 'ACTIVE' ? await tx.containerInstances.countRegistered(c.arn) : 0
  const byStatus = await tx.tasks.countByStatus(c.arn)
  const running = byStatus['RUNNING'] ?? 0
  // ECS counts a task as pending until it runs: PROVISIONING, PENDING and ACTIVATING.
  const pending = (byStatus['PROVISIONING'] ?? 0) + (byStatus['PENDING'] ?? 0) + (byStatus['ACTIVATING'] ?? 0)
  const services = await tx.services.countActive(c.arn)
  const withStatistics = include.includes('STATISTICS')
  const draining = withStatistics ? await countDrainingServices(tx, c.arn) : 0
  const fargate = withStatistics ? await countFargate(tx, c.arn) : undefined
  return {
    clusterArn: c.arn,
    clusterName: c.name,
    ...(c.configuration && include.includes('CONFIGURATIONS') ? { configuration: c.configuration } : {}),
    status: c.status,
    registeredContainerInstancesCount: registered,
    runningTasksCount: running,
    pendingTasksCount: pending,
    activeServicesCount: services,
    ...(fargate ? { statistics: statistics({ running, pending, services, draining }, fargate) } : {}),
    ...(include.includes('TAGS') ? { tags: toWireTags(await tx.tags.get(c.arn)) } : {}),
    ...(include.includes('SETTINGS') ? { settings: c.settings } : {}),
    capacityProviders: c.capacityProviders,
    defaultCapacityProviderStrategy: c.defaultCapacityProviderStrategy,
    ...(c.serviceConnectDefaults ? { serviceConnectDefaults: c.serviceConnectDefaults } : {}),
  }
}

interface Counts {
  running: number
  pending: number
  services: number
  draining: number
}

/** The statistics ECS lists with include=STATISTICS: the cluster's counts split by launch type. */
function statistics(all: Counts, fargate: Counts) {
  return [
    { name: 'runningEC2TasksCount', value: String(all.running - fargate.running) },
    { name: 'runningFargateTasksCount', value: String(fargate.running) },
    { name: 'pendingEC2TasksCount', value: String(all.pending - fargate.pending) },
    { name: 'pendingFargateTasksCount', value: String(fargate.pending) },
    { name: 'activeEC2ServiceCount', value: String(all.services - fargate.services) },
    { name: 'activeFargateServiceCount', value: String(fargate.services) },
    { name: 'drainingEC2ServiceCount', value: String(all.draining - fargate.draining) },
    { name: 'drainingFargateServiceCount', value: String(fargate.draining) },
  ]
}

/** The cluster's FARGATE tasks (running, pending as above) and services (ACTIVE, DRAINING): a scan, only for STATISTICS. */
async function countFargate(tx: ReadTx, clusterArn: string): Promise<Counts> {
  const out: Counts = { running: 0, pending: 0, services: 0, draining: 0 }
  let after: string | undefined
  for (;;) {
    const page = await tx.tasks.list({ clusterArn, after, limit: 500 })
    for (const t of page) {
      if (t.launchType !== 'FARGATE') continue
      if (t.lastStatus === 'RUNNING') out.running++
      else if (t.lastStatus === 'PROVISIONING' || t.lastStatus === 'PENDING' || t.lastStatus === 'ACTIVATING') out.pending++
    }
    if (page.length < 500) break
    after = page[page.length - 1]!.arn
  }
  for (const status of ['ACTIVE', 'DRAINING'] as const) {
    let from: string | undefined
    for (;;) {
      const page = await tx.services.list({ clusterArn, status, after: from, limit: 100 })
      const n = page.filter((s) => s.launchType === 'FARGATE').length
      if (status === 'ACTIVE') out.services += n
      else out.draining += n
      if (page.length < 100) break
      from = page[page.length - 1]!.arn
    }
  }
  return out
}

/** How many of a cluster's services are DRAINING: deleted, their tasks still being stopped. */
export async function countDrainingServices(tx: ReadTx, clusterArn: string): Promise<number> {
  let count = 0
  let after: string | undefined
  for (;;) {
    const page = await tx.services.list({ clusterArn, status: 'DRAINING', after, limit: 100 })
    count += page.length
    if (page.length < 100) return count
    after = page[page.length - 1]!.arn
  }
}
