import { FARGATE_PLATFORM_FAMILY, FARGATE_PLATFORM_VERSION } from '../../../core/model/fargate.js'
import type { Deployment, Service } from '../../../core/aws-model/ecs.types.js'
import { toEpochSeconds } from '../../../core/clock.js'
import { serviceGroup, MAX_SERVICE_EVENTS, type DeploymentRecord, type ServiceEventRecord, type ServiceRecord } from '../../../core/model/service.js'
import { countByDeployment, countsOf, sumCounts, type TaskCounts } from '../../../core/model/service-tasks.js'
import { toWireTags, type TagRecord } from '../../../core/model/tag.js'
import type { ReadTx } from '../../../state/store.js'
import { taskSetView } from '../task-sets/task-set-view.js'
import { toWireDeploymentConfiguration } from './deployment-configuration.js'

/** Live task counts of a service's deployments, by deployment id, from its tasks not yet STOPPED. */
export async function loadDeploymentCounts(tx: ReadTx, s: Pick<ServiceRecord, 'clusterArn' | 'name'>): Promise<Map<string, TaskCounts>> {
  return countByDeployment(await tx.tasks.inGroup(s.clusterArn, serviceGroup(s.name)))
}

/** A stored service as DescribeServices shows it (tags only when asked for with include TAGS). */
export async function viewService(tx: ReadTx, s: ServiceRecord, options: { tags?: boolean } = {}): Promise<Service> {
  const counts = await loadDeploymentCounts(tx, s)
  const events = await tx.serviceEvents.latest(s.arn, MAX_SERVICE_EVENTS)
  return serviceView(s, counts, events, options.tags ? await tx.tags.get(s.arn) : undefined)
}

/**
 * The view itself, pure: every member ECS returns for an EC2 rolling service, defaults filled
 * in (notes §9, "Defaults echoed"), times in epoch seconds. The service's counts are its live
 * deployments' (a task another caller put in the service's group is not the service's).
 */
export function serviceView(
  s: ServiceRecord,
  counts: ReadonlyMap<string, TaskCounts>,
  events: readonly ServiceEventRecord[],
  tags?: readonly TagRecord[],
): Service {
  if (s.deploymentController === 'EXTERNAL') return externalServiceView(s, counts, events, tags)
  const total = sumCounts(counts, s.deployments.map((d) => d.id))
  return {
    ...sharedFields(s, events, tags),
    loadBalancers: s.loadBalancers.map((lb) => ({ ...lb })),
    runningCount: total.running,
    pendingCount: total.pending,
    ...(s.capacityProviderStrategy ? { capacityProviderStrategy: s.capacityProviderStrategy.map((i) => ({ ...i })) } : { launchType: s.launchType }),
    ...(s.platformVersion !== undefined ? { platformVersion: s.platformVersion, platformFamily: FARGATE_PLATFORM_FAMILY } : {}),
    taskDefinition: s.taskDefinition,
    deployments: s.deployments.map((d) => viewDeployment(s, d, countsOf(counts, d.id))),
    currentServiceDeployment: s.currentServiceDeploymentArn,
    currentServiceRevisions: s.deployments.map((d) => {
      const c = countsOf(counts, d.id)
      return { arn: d.revisionArn, requestedTaskCount: requestedOf(s, d), runningTaskCount: c.running, pendingTaskCount: c.pending }
    }),
    ...(s.networkConfiguration ? { networkConfiguration: s.networkConfiguration } : {}),
    deploymentController: { type: 'ECS' },
  }
}

/** What every service shows the same way, whichever controller deploys it. */
function sharedFields(s: ServiceRecord, events: readonly ServiceEventRecord[], tags: readonly TagRecord[] | undefined) {
  return {
    serviceArn: s.arn,
    serviceName: s.name,
    clusterArn: s.clusterArn,
    serviceRegistries: [],
    status: s.status,
    desiredCount: s.desiredCount,
    deploymentConfiguration: toWireDeploymentConfiguration(s.deploymentConfiguration),
    ...(s.roleArn !== undefined ? { roleArn: s.roleArn } : {}),
    events: events.map((e) => ({ id: e.id, createdAt: toEpochSeconds(e.createdAt), message: e.message })),
    createdAt: toEpochSeconds(s.createdAt),
    placementConstraints: s.placementConstraints.map((c) => ({ ...c })),
    placementStrategy: s.placementStrategy.map((p) => ({ ...p })),
    healthCheckGracePeriodSeconds: s.healthCheckGracePeriodSeconds ?? 0,
    schedulingStrategy: s.schedulingStrategy,
    ...(tags ? { tags: toWireTags(tags) } : {}),
    ...(s.createdBy !== undefined ? { createdBy: s.createdBy } : {}),
    enableECSManagedTags: s.enableECSManagedTags,
    propagateTags: s.propagateTags,
    enableExecuteCommand: s.enableExecuteCommand,
    availabilityZoneRebalancing: s.availabilityZoneRebalancing,
    // Every Berth service is the customer's: ECS-managed ones are Express services.
    resourceManagementType: 'CUSTOMER' as const,
  } satisfies Partial<Service>
}

/**
 * An EXTERNAL service: its task sets, and from its PRIMARY task set (if any) the task
 * definition, launch type (or strategy), platform version, load balancers and network ("When you call the DescribeServices API action, it
 * returns all fields specified for a primary task set ... If no primary task set is defined
 * for a service, when describing the service, the task set fields are null."). No deployments.
 */
function externalServiceView(
  s: ServiceRecord,
  counts: ReadonlyMap<string, TaskCounts>,
  events: readonly ServiceEventRecord[],
  tags?: readonly TagRecord[],
): Service {
  const taskSets = s.taskSets ?? []
  const primary = taskSets.find((t) => t.status === 'PRIMARY')
  const total = sumCounts(counts, taskSets.map((t) => t.id))
  return {
    ...sharedFields(s, events, tags),
    loadBalancers: (primary?.loadBalancers ?? []).map((lb) => ({ ...lb })),
    runningCount: total.running,
    pendingCount: total.pending,
    ...(primary ? { taskDefinition: primary.taskDefinition } : {}),
    ...(primary?.capacityProviderStrategy ? { capacityProviderStrategy: primary.capacityProviderStrategy.map((i) => ({ ...i })) } : primary ? { launchType: primary.launchType } : {}),
    ...(primary?.platformVersion !== undefined ? { platformVersion: primary.platformVersion, platformFamily: FARGATE_PLATFORM_FAMILY } : {}),
    taskSets: taskSets.map((t) => taskSetView(s, t, counts)),
    deployments: [],
    ...(primary?.networkConfiguration ? { networkConfiguration: primary.networkConfiguration } : {}),
    deploymentController: { type: 'EXTERNAL' },
  }
}

/** What a deployment is asked to run: the PRIMARY the service's desired count, an ACTIVE one none. */
const requestedOf = (s: ServiceRecord, d: DeploymentRecord): number => (d.status === 'PRIMARY' ? s.desiredCount : 0)

function viewDeployment(s: ServiceRecord, d: DeploymentRecord, c: TaskCounts): Deployment {
  return {
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinition,
    desiredCount: requestedOf(s, d),
    pendingCount: c.pending,
    runningCount: c.running,
    failedTasks: d.failedTasks,
    createdAt: toEpochSeconds(d.createdAt),
    updatedAt: toEpochSeconds(d.updatedAt),
    ...(s.capacityProviderStrategy ? { capacityProviderStrategy: s.capacityProviderStrategy.map((i) => ({ ...i })) } : { launchType: s.launchType }),
    // A deployment shows the version its tasks run on: LATEST resolved.
    ...(s.platformVersion !== undefined ? { platformVersion: FARGATE_PLATFORM_VERSION, platformFamily: FARGATE_PLATFORM_FAMILY } : {}),
    ...(d.networkConfiguration ? { networkConfiguration: d.networkConfiguration } : {}),
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason,
  }
}
