import { checkLoadBalancerTargets } from './load-balancer-targets.js'
import { checkTrafficShiftConfig } from './traffic-shift-config.js'
import type { TaskDefinition, UpdateServiceRequest, UpdateServiceResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { ServiceRecord } from '../../../core/model/service.js'
import type { ReadTx } from '../../../state/store.js'
import type { EcsDeps, EcsOperation } from '../deps.js'
import { requireCluster } from '../resolve.js'
import { resolveLaunch } from '../capacity-providers/launch.js'
import { isFargateProvider } from '../../../core/model/capacity-provider-strategy.js'
import type { ClusterRecord } from '../../../core/model/cluster.js'
import { resolveTaskDefinition } from '../task-definitions/index.js'
import { resolveRebalancing } from './az-rebalancing.js'
import { sameJson } from './canonical-json.js'
import { resolveDeploymentSettings } from './deployment-configuration.js'
import { startDeployment } from './deployments.js'
import { checkNetworkConfiguration } from '../network-configuration.js'
import { updatedExternal } from './external.js'
import { checkDesiredCount, checkGracePeriod, checkLoadBalancers, parseServicePlacement } from './service-config.js'
import { requireActiveService } from './service-ref.js'
import { checkServiceLaunch } from './service-launch.js'
import { resolveServiceTaskDefinition } from './service-task-definition.js'
import { loadDeploymentCounts, viewService } from './service-view.js'

/**
 * UpdateService: the members given replace the service's (deploymentConfiguration merges member
 * by member; an empty placement list clears it). A new deployment starts only when what the
 * tasks run changes — task definition, network configuration, load balancers — or with
 * forceNewDeployment, as ECS documents; desiredCount, deployment configuration, placement,
 * grace period, AZ rebalancing and the tag options apply to the deployments as they are.
 * An update that changes nothing writes nothing.
 */
export const updateService: EcsOperation<UpdateServiceRequest, UpdateServiceResponse> = async (input, deps) => {
  checkGracePeriod(input.healthCheckGracePeriodSeconds)
  return deps.store.txn(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    const current = await requireActiveService(tx, input.service, cluster, deps)
    if (current.deploymentController === 'EXTERNAL') {
      const changed = updatedExternal(current, input)
      const next = sameJson(changed, current) ? current : { ...changed, version: current.version + 1 }
      if (next !== current) await tx.services.put(next)
      return { service: await viewService(tx, next) }
    }
    if (input.deploymentController?.type === 'EXTERNAL') {
      throw EcsErrors.invalidParameter('A service with the ECS deployment controller cannot move to the EXTERNAL deployment controller; create a new service with it.')
    }
    const td = await taskDefinitionOf(tx, input, current, deps)
    const changed = withLaunch(updated(current, input, td), input, cluster)
    if (input.loadBalancers !== undefined || changed.taskDefinition !== current.taskDefinition) await checkLoadBalancerTargets(tx, changed.loadBalancers, td)
    if (input.loadBalancers !== undefined || input.deploymentConfiguration !== undefined) {
      await checkTrafficShiftConfig(tx, changed.loadBalancers, changed.deploymentConfiguration.strategy)
    }
    const counts = await loadDeploymentCounts(tx, current)
    const redeploy =
      input.forceNewDeployment === true ||
      changed.taskDefinition !== current.taskDefinition ||
      !sameJson(changed.networkConfiguration, current.networkConfiguration) ||
      changed.platformVersion !== current.platformVersion ||
      !sameJson(changed.loadBalancers, current.loadBalancers) ||
      !sameJson(changed.capacityProviderStrategy, current.capacityProviderStrategy)
    let next = current
    if (redeploy) {
      next = await startDeployment(tx, { service: changed, clusterName: cluster.name, taskDefinition: td, counts, now: deps.clock.now() }, deps)
    } else if (!sameJson(changed, current)) {
      next = { ...changed, version: current.version + 1 }
    }
    if (next !== current) await tx.services.put(next)
    return { service: await viewService(tx, next) }
  })
}

/**
 * A capacityProviderStrategy given replaces the service's (an empty one: the cluster's
 * default, else launch type EC2, as ECS documents); a change starts a new deployment, so the
 * tasks move to the new providers as a rolling deployment moves them.
 */
function withLaunch(service: ServiceRecord, input: UpdateServiceRequest, cluster: ClusterRecord): ServiceRecord {
  if (input.capacityProviderStrategy === undefined) return service
  const launch = resolveLaunch({ capacityProviderStrategy: input.capacityProviderStrategy }, cluster)
  const { capacityProviderStrategy: _old, ...rest } = service
  const next = launch.kind === 'strategy' ? { ...rest, capacityProviderStrategy: launch.strategy } : rest
  if (runsOnFargate(next) !== runsOnFargate(service)) throw EcsErrors.invalidParameter(FARGATE_SWITCH)
  return next
}

/** Berth's words: the checks a Fargate service passed (awsvpc, sizes, platform) do not carry over to instances, nor back. */
const FARGATE_SWITCH =
  'A service cannot move between Fargate (launch type FARGATE, or the FARGATE and FARGATE_SPOT capacity providers) and container instances; create a new service instead.'

/** Whether the service's tasks run on the Fargate pool: its launch type, or a strategy of Fargate providers. */
const runsOnFargate = (s: ServiceRecord): boolean =>
  s.launchType === 'FARGATE' || (s.capacityProviderStrategy ?? []).some((i) => isFargateProvider(i.capacityProvider))

/**
 * The task definition the service is to run: the one named (refused when INACTIVE, as
 * CreateService refuses it), else the one it runs now, whatever its status — deregistering a
 * task definition does not stop the services that run it.
 */
async function taskDefinitionOf(tx: ReadTx, input: UpdateServiceRequest, current: ServiceRecord, deps: Pick<EcsDeps, 'arns' | 'taskSources'>): Promise<TaskDefinition> {
  if (input.taskDefinition !== undefined) return resolveServiceTaskDefinition(tx, input.taskDefinition, deps)
  return resolveTaskDefinition(tx, current.taskDefinition, deps)
}

/**
 * The service with the request's changes, checked against the task definition it will run.
 * Its taskDefinition is the one the tasks are to run; startDeployment makes it the PRIMARY's.
 */
function updated(current: ServiceRecord, input: UpdateServiceRequest, td: TaskDefinition): ServiceRecord {
  const strategy = current.schedulingStrategy
  checkDesiredCount(strategy, input.desiredCount, false)
  const settings = resolveDeploymentSettings(input.deploymentConfiguration, strategy, current.deploymentConfiguration)
  // A task definition that is not awsvpc takes no network configuration: the service's old
  // one goes when it moves to such a task definition, unless the request gives one (refused).
  const network = input.networkConfiguration ?? (td.networkMode === 'awsvpc' ? current.networkConfiguration : undefined)
  checkNetworkConfiguration(td, network, { required: true })
  const loadBalancers = input.loadBalancers ?? current.loadBalancers
  checkLoadBalancers(loadBalancers, td)
  const placementConstraints = input.placementConstraints ?? current.placementConstraints
  const placementStrategy = input.placementStrategy ?? current.placementStrategy
  const placement = parseServicePlacement(placementConstraints, placementStrategy, td, strategy)
  const onFargate = runsOnFargate(current)
  const { platformVersion } = checkServiceLaunch(
    onFargate ? 'FARGATE' : 'EC2',
    td,
    { platformVersion: input.platformVersion ?? (onFargate ? current.platformVersion : undefined), networkConfiguration: network, placementConstraints, placementStrategy },
    strategy,
  )
  const rebalancing = resolveRebalancing(input.availabilityZoneRebalancing, current.availabilityZoneRebalancing, {
    schedulingStrategy: strategy,
    maximumPercent: settings.maximumPercent,
    strategies: placement.strategies,
    constraints: placement.all,
    loadBalancers,
  })
  const { networkConfiguration: _old, platformVersion: _version, ...rest } = current
  const grace = input.healthCheckGracePeriodSeconds ?? current.healthCheckGracePeriodSeconds
  return {
    ...rest,
    ...(network ? { networkConfiguration: network } : {}),
    ...(platformVersion !== undefined ? { platformVersion } : {}),
    taskDefinition: td.taskDefinitionArn!,
    desiredCount: input.desiredCount ?? current.desiredCount,
    deploymentConfiguration: settings,
    placementConstraints,
    placementStrategy,
    loadBalancers,
    ...(grace !== undefined ? { healthCheckGracePeriodSeconds: grace } : {}),
    propagateTags: input.propagateTags ?? current.propagateTags,
    enableECSManagedTags: input.enableECSManagedTags ?? current.enableECSManagedTags,
    availabilityZoneRebalancing: rebalancing,
  }
}
