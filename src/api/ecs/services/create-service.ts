import { checkLoadBalancerTargets } from './load-balancer-targets.js'
import { checkTrafficShiftConfig } from './traffic-shift-config.js'
import { createHash } from 'node:crypto'
import type { CreateServiceRequest, CreateServiceResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { ServiceRecord } from '../../../core/model/service.js'
import type { WriteTx } from '../../../state/store.js'
import type { EcsOperation } from '../deps.js'
import { clusterArnOf, requireCluster } from '../resolve.js'
import { checkTags } from '../tags/check-tags.js'
import { resolveLaunch } from '../capacity-providers/launch.js'
import { resolveRebalancing } from './az-rebalancing.js'
import { canonicalJson } from './canonical-json.js'
import { resolveDeploymentSettings } from './deployment-configuration.js'
import { startDeployment } from './deployments.js'
import {
  checkClientToken,
  checkDesiredCount,
  checkGracePeriod,
  checkLoadBalancers,
  checkServiceName,
  parseServicePlacement,
  roleArnOf,
} from './service-config.js'
import { checkNetworkConfiguration } from '../network-configuration.js'
import { checkExternalCreate } from './external.js'
import { resolveServiceTaskDefinition } from './service-task-definition.js'
import { serviceView, viewService } from './service-view.js'
import { checkServiceLaunch } from './service-launch.js'

/**
 * CreateService: the service, its first revision, its first deployment (PRIMARY, IN_PROGRESS)
 * and service deployment (PENDING), and its tags, in one transaction. The scheduler starts the
 * tasks. A name held by an ACTIVE or DRAINING service is refused unless the request is the
 * same one again with the same clientToken; an INACTIVE one is replaced under the same ARN,
 * its history forgotten. ECS writes no event on create, and neither does Berth.
 */
export const createService: EcsOperation<CreateServiceRequest, CreateServiceResponse> = async (input, deps) => {
  checkServiceName(input.serviceName)
  checkClientToken(input.clientToken)
  const strategy = input.schedulingStrategy ?? 'REPLICA'
  checkDesiredCount(strategy, input.desiredCount, true)
  if (input.deploymentController?.type === 'EXTERNAL') return createExternalService(input, deps)
  const settings = resolveDeploymentSettings(input.deploymentConfiguration, strategy)
  checkGracePeriod(input.healthCheckGracePeriodSeconds)
  const tags = checkTags(input.tags ?? [])
  if (input.taskDefinition === undefined) {
    throw EcsErrors.invalidParameter('A task definition is required for a service with the ECS deployment controller.')
  }
  const ref = input.taskDefinition
  // The cluster by its ARN: `default`, its ARN and no cluster at all are the same request.
  const hash = requestHash({ ...input, cluster: clusterArnOf(input.cluster, deps) })
  return deps.store.txn(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    const arn = deps.arns.service(cluster.name, input.serviceName)
    const existing = await tx.services.get(arn)
    if (existing && existing.status !== 'INACTIVE') return replayOrRefuse(tx, existing, input.clientToken, hash)
    const launch = resolveLaunch(input, cluster)
    const td = await resolveServiceTaskDefinition(tx, ref, deps)
    const launchType = input.launchType === 'FARGATE' ? 'FARGATE' : 'EC2'
    // A strategy of FARGATE / FARGATE_SPOT runs on the pool too, and is checked as Fargate.
    const onFargate = launchType === 'FARGATE' || (launch.kind === 'strategy' && launch.fargate)
    const { platformVersion } = checkServiceLaunch(onFargate ? 'FARGATE' : 'EC2', td, input, strategy)
    const placement = parseServicePlacement(input.placementConstraints ?? [], input.placementStrategy ?? [], td, strategy)
    checkNetworkConfiguration(td, input.networkConfiguration, { required: true })
    const loadBalancers = input.loadBalancers ?? []
    checkLoadBalancers(loadBalancers, td)
    await checkLoadBalancerTargets(tx, loadBalancers, td)
    await checkTrafficShiftConfig(tx, loadBalancers, settings.strategy)
    const rebalancing = resolveRebalancing(input.availabilityZoneRebalancing, undefined, {
      schedulingStrategy: strategy,
      maximumPercent: settings.maximumPercent,
      strategies: placement.strategies,
      constraints: placement.all,
      loadBalancers,
    })
    if (existing) await forgetPredecessor(tx, arn)
    const now = deps.clock.now()
    const base: ServiceRecord = {
      arn,
      name: input.serviceName,
      clusterArn: cluster.arn,
      status: 'ACTIVE',
      schedulingStrategy: strategy,
      // A DAEMON service's count is the scheduler's to write: the instances it covers.
      desiredCount: input.desiredCount ?? 0,
      launchType,
      ...(platformVersion !== undefined ? { platformVersion } : {}),
      ...(launch.kind === 'strategy' ? { capacityProviderStrategy: launch.strategy } : {}),
      taskDefinition: td.taskDefinitionArn!,
      deploymentConfiguration: settings,
      placementConstraints: input.placementConstraints ?? [],
      placementStrategy: input.placementStrategy ?? [],
      ...(input.networkConfiguration ? { networkConfiguration: input.networkConfiguration } : {}),
      loadBalancers,
      ...(input.healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds } : {}),
      ...(input.role !== undefined ? { roleArn: roleArnOf(input.role, deps.partition) } : {}),
      propagateTags: input.propagateTags ?? 'NONE',
      enableECSManagedTags: input.enableECSManagedTags ?? false,
      enableExecuteCommand: false,
      availabilityZoneRebalancing: rebalancing,
      ...(input.clientToken !== undefined ? { clientToken: input.clientToken, createRequestHash: hash } : {}),
      createdAt: now,
      deployments: [],
      currentServiceDeploymentArn: '',
      scheduler: { startFailures: 0, rebalancing: false },
      // startDeployment makes it version 1, as withPrimary counts every change.
      version: 0,
    }
    const service = await startDeployment(tx, { service: base, clusterName: cluster.name, taskDefinition: td, counts: new Map(), now }, deps)
    await tx.services.put(service)
    await tx.tags.put(arn, tags)
    return { service: serviceView(service, new Map(), [], tags) }
  })
}

/**
 * CreateService with the EXTERNAL deployment controller: the service alone, with no task set,
 * deployment or revision — its controller creates task sets (CreateTaskSet), and the scheduler
 * runs them. The same checks of name, cluster, idempotency and placement as any service.
 */
const createExternalService: EcsOperation<CreateServiceRequest, CreateServiceResponse> = async (input, deps) => {
  const settings = checkExternalCreate(input)
  checkGracePeriod(input.healthCheckGracePeriodSeconds)
  const tags = checkTags(input.tags ?? [])
  const hash = requestHash({ ...input, cluster: clusterArnOf(input.cluster, deps) })
  return deps.store.txn(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    const arn = deps.arns.service(cluster.name, input.serviceName)
    const existing = await tx.services.get(arn)
    if (existing && existing.status !== 'INACTIVE') return replayOrRefuse(tx, existing, input.clientToken, hash)
    parseServicePlacement(input.placementConstraints ?? [], input.placementStrategy ?? [], {}, 'REPLICA')
    if (existing) await forgetPredecessor(tx, arn)
    const service: ServiceRecord = {
      arn,
      name: input.serviceName,
      clusterArn: cluster.arn,
      status: 'ACTIVE',
      schedulingStrategy: 'REPLICA',
      desiredCount: input.desiredCount ?? 0,
      launchType: 'EC2',
      // What DescribeServices shows of the PRIMARY task set; none until there is one.
      taskDefinition: '',
      deploymentConfiguration: settings,
      placementConstraints: input.placementConstraints ?? [],
      placementStrategy: input.placementStrategy ?? [],
      loadBalancers: [],
      ...(input.healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds } : {}),
      ...(input.role !== undefined ? { roleArn: roleArnOf(input.role, deps.partition) } : {}),
      propagateTags: input.propagateTags ?? 'NONE',
      enableECSManagedTags: input.enableECSManagedTags ?? false,
      enableExecuteCommand: false,
      availabilityZoneRebalancing: 'DISABLED',
      ...(input.clientToken !== undefined ? { clientToken: input.clientToken, createRequestHash: hash } : {}),
      createdAt: deps.clock.now(),
      deploymentController: 'EXTERNAL',
      taskSets: [],
      deployments: [],
      currentServiceDeploymentArn: '',
      scheduler: { startFailures: 0, rebalancing: false },
      version: 1,
    }
    await tx.services.put(service)
    await tx.tags.put(arn, tags)
    return { service: serviceView(service, new Map(), [], tags) }
  })
}

/** A service created again after it went INACTIVE starts with no history from its earlier life. */
async function forgetPredecessor(tx: WriteTx, arn: string): Promise<void> {
  await tx.serviceDeployments.deleteForService(arn)
  await tx.serviceRevisions.deleteForService(arn)
  await tx.serviceEvents.deleteForService(arn)
  await tx.tags.remove(arn, (await tx.tags.get(arn)).map((t) => t.key))
}

/** "The same request": the validated input, clientToken aside, with its keys in a fixed order. */
/** A name a live service holds: the same request again with the same clientToken answers that service; anything else is refused. */
async function replayOrRefuse(tx: WriteTx, existing: ServiceRecord, clientToken: string | undefined, hash: string): Promise<CreateServiceResponse> {
  const again = clientToken !== undefined && existing.clientToken === clientToken && existing.createRequestHash === hash
  if (again) return { service: await viewService(tx, existing, { tags: true }) }
  throw EcsErrors.serviceNotIdempotent()
}

function requestHash(input: CreateServiceRequest): string {
  const { clientToken: _token, ...rest } = input
  return createHash('sha256').update(canonicalJson(rest)).digest('hex')
}
