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
  const draining = include.includes('STATISTICS') ? await countDrainingServices(tx, c.arn) : 0
  return {
    clusterArn: c.arn,
    clusterName: c.name,
    ...(c.configuration && include.includes('CONFIGURATIONS') ? { configuration: c.configuration } : {}),
    status: c.status,
    registeredContainerInstancesCount: registered,
    runningTasksCount: running,
    pendingTasksCount: pending,
    activeServicesCount: services,
    ...(include.includes('STATISTICS') ? { statistics: statistics(running, pending, services, draining) } : {}),
    ...(include.includes('TAGS') ? { tags: toWireTags(await tx.tags.get(c.arn)) } : {}),
    ...(include.includes('SETTINGS') ? { settings: c.settings } : {}),
    capacityProviders: c.capacityProviders,
    defaultCapacityProviderStrategy: c.defaultCapacityProviderStrategy,
    ...(c.serviceConnectDefaults ? { serviceConnectDefaults: c.serviceConnectDefaults } : {}),
  }
}

/** The statistics ECS lists with include=STATISTICS; Berth runs everything as EC2. */
function statistics(running: number, pending: number, services: number, draining: number) {
  return [
    { name: 'runningEC2TasksCount', value: String(running) },
    { name: 'runningFargateTasksCount', value: '0' },
    { name: 'pendingEC2TasksCount', value: String(pending) },
    { name: 'pendingFargateTasksCount', value: '0' },
    { name: 'activeEC2ServiceCount', value: String(services) },
    { name: 'activeFargateServiceCount', value: '0' },
    { name: 'drainingEC2ServiceCount', value: String(draining) },
    { name: 'drainingFargateServiceCount', value: '0' },
  ]
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
