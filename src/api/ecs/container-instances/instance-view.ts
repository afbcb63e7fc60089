import type { ContainerInstance, ContainerInstanceField } from '../../../core/aws-model/ecs.types.js'
import { toEpochSeconds } from '../../../core/clock.js'
import { autoScalingGroupNameOf, AUTO_SCALING_GROUP_ATTRIBUTE } from '../../../core/model/capacity-provider.js'
import type { ContainerInstanceRecord } from '../../../core/model/container-instance.js'
import { countTasks, remainingResources, type TaskFootprint } from '../../../core/model/instance-resources.js'
import { toWireTags, type TagRecord } from '../../../core/model/tag.js'
import { tasksOnInstance } from '../../../scheduler/apply/index.js'
import type { ReadTx } from '../../../state/store.js'

/** A stored instance as ECS describes it; tags and health only when `include` asks. */
export async function viewContainerInstance(
  tx: ReadTx,
  ci: ContainerInstanceRecord,
  include: readonly ContainerInstanceField[] = [],
): Promise<ContainerInstance> {
  const tasks = await tasksOnInstance(tx, ci)
  const tags = include.includes('TAGS') ? await tx.tags.get(ci.arn) : []
  const provider = await providerOf(tx, ci)
  return { ...toWireInstance(ci, tasks, tags, include.includes('CONTAINER_INSTANCE_HEALTH')), ...(provider ? { capacityProviderName: provider } : {}) }
}

/**
 * The capacity provider an instance belongs to, as ECS shows it: the provider of its cluster
 * whose Auto Scaling group the instance is in (its `berth.auto-scaling-group` attribute).
 */
async function providerOf(tx: ReadTx, ci: ContainerInstanceRecord): Promise<string | undefined> {
  const group = ci.attributes.find((a) => a.name === AUTO_SCALING_GROUP_ATTRIBUTE)?.value
  if (group === undefined) return undefined
  for (const name of (await tx.clusters.get(ci.clusterArn))?.capacityProviders ?? []) {
    const p = await tx.capacityProviders.get(name)
    if (p?.status === 'ACTIVE' && autoScalingGroupNameOf(p.autoScalingGroupProvider.autoScalingGroupArn) === group) return name
  }
  return undefined
}

export function toWireInstance(
  ci: ContainerInstanceRecord,
  tasks: readonly TaskFootprint[],
  tags: readonly TagRecord[],
  withHealth: boolean,
): ContainerInstance {
  const counts = countTasks(tasks)
  return {
    containerInstanceArn: ci.arn,
    ...(ci.ec2InstanceId ? { ec2InstanceId: ci.ec2InstanceId } : {}),
    version: ci.version,
    versionInfo: ci.versionInfo,
    remainingResources: remainingResources(ci.registeredResources, tasks),
    registeredResources: ci.registeredResources,
    status: ci.status,
    ...(ci.statusReason ? { statusReason: ci.statusReason } : {}),
    agentConnected: ci.agentConnected,
    runningTasksCount: counts.running,
    pendingTasksCount: counts.pending,
    attributes: ci.attributes,
    registeredAt: toEpochSeconds(ci.registeredAt),
    attachments: [],
    tags: toWireTags(tags),
    // The agent reports no runtime health yet, so there is nothing to judge it by.
    ...(withHealth ? { healthStatus: { overallStatus: 'INSUFFICIENT_DATA' as const, details: [] } } : {}),
  }
}
