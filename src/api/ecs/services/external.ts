import type { CreateServiceRequest, UpdateServiceRequest } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { DeploymentSettings, ServiceRecord } from '../../../core/model/service.js'
import { resolveDeploymentSettings } from './deployment-configuration.js'
import { checkDesiredCount, parseServicePlacement } from './service-config.js'

/**
 * Services with the EXTERNAL deployment controller (pure checks). ECS splits such a service's
 * definition: CreateService / UpdateService manage the service (desired count, placement, grace
 * period, tag options), the task-set actions what runs (task definition, launch type, network,
 * load balancers) — "If the launch type, platform version, load balancer details, network
 * configuration, or task definition need to be updated, you must create a new task set." The
 * texts below are Berth's: ECS's for these refusals were not found.
 */
const TASK_SET_MEMBERS = ['taskDefinition', 'loadBalancers', 'networkConfiguration', 'launchType', 'capacityProviderStrategy', 'platformVersion'] as const

const onTaskSets = (member: string) =>
  EcsErrors.invalidParameter(`${member} is given on task sets (CreateTaskSet) for a service with the EXTERNAL deployment controller, not on the service.`)

/** CreateService with deploymentController EXTERNAL: what it may not name, and its settings. */
export function checkExternalCreate(input: CreateServiceRequest): DeploymentSettings {
  for (const m of TASK_SET_MEMBERS) if (input[m] !== undefined) throw onTaskSets(m)
  if ((input.schedulingStrategy ?? 'REPLICA') === 'DAEMON') {
    throw EcsErrors.invalidParameter('The EXTERNAL deployment controller does not support the DAEMON scheduling strategy.')
  }
  if (input.availabilityZoneRebalancing === 'ENABLED') {
    throw EcsErrors.invalidParameter('Availability Zone rebalancing is not supported for services with the EXTERNAL deployment controller.')
  }
  const settings = resolveDeploymentSettings(input.deploymentConfiguration, 'REPLICA')
  checkExternalSettings(settings)
  return settings
}

/**
 * The deployment settings Berth's own deployments act on mean nothing to an external
 * controller's: refused rather than stored and never acted on.
 */
function checkExternalSettings(settings: DeploymentSettings): void {
  if (settings.strategy !== 'ROLLING') throw EcsErrors.invalidParameter(`The ${settings.strategy} deployment strategy is not supported for services with the EXTERNAL deployment controller.`)
  if (settings.deploymentCircuitBreaker.enable) {
    throw EcsErrors.invalidParameter('The deployment circuit breaker is not supported for services with the EXTERNAL deployment controller.')
  }
  if (settings.alarms?.enable) throw EcsErrors.invalidParameter('Deployment alarms are not supported for services with the EXTERNAL deployment controller.')
}

/** UpdateService members an EXTERNAL service takes; any other present is refused by name. */
const EXTERNAL_UPDATE = new Set([
  'cluster',
  'service',
  'desiredCount',
  'deploymentConfiguration',
  'healthCheckGracePeriodSeconds',
  'placementConstraints',
  'placementStrategy',
  'enableECSManagedTags',
  'propagateTags',
  'deploymentController',
])

/**
 * UpdateService on an EXTERNAL service (pure): the service with the request applied. A new
 * desiredCount rescales every task set (their computed counts are derived from it).
 */
export function updatedExternal(current: ServiceRecord, input: UpdateServiceRequest): ServiceRecord {
  for (const [member, value] of Object.entries(input)) {
    if (value === undefined || EXTERNAL_UPDATE.has(member)) continue
    if (member === 'forceNewDeployment' && value === false) continue
    throw EcsErrors.invalidParameter(
      `${member} cannot be updated on a service with the EXTERNAL deployment controller: create a task set (CreateTaskSet) with it instead.`,
    )
  }
  if (input.deploymentController !== undefined && input.deploymentController.type !== 'EXTERNAL') {
    throw EcsErrors.invalidParameter('The deployment controller of a service with the EXTERNAL deployment controller cannot be changed.')
  }
  checkDesiredCount('REPLICA', input.desiredCount, false)
  const settings = resolveDeploymentSettings(input.deploymentConfiguration, 'REPLICA', current.deploymentConfiguration)
  checkExternalSettings(settings)
  const placementConstraints = input.placementConstraints ?? current.placementConstraints
  const placementStrategy = input.placementStrategy ?? current.placementStrategy
  parseServicePlacement(placementConstraints, placementStrategy, {}, 'REPLICA')
  const grace = input.healthCheckGracePeriodSeconds ?? current.healthCheckGracePeriodSeconds
  return {
    ...current,
    desiredCount: input.desiredCount ?? current.desiredCount,
    deploymentConfiguration: settings,
    placementConstraints,
    placementStrategy,
    ...(grace !== undefined ? { healthCheckGracePeriodSeconds: grace } : {}),
    propagateTags: input.propagateTags ?? current.propagateTags,
    enableECSManagedTags: input.enableECSManagedTags ?? current.enableECSManagedTags,
  }
}
