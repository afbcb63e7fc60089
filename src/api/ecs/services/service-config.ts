import type { LoadBalancer, PlacementConstraint, PlacementStrategy, TaskDefinition } from '../../../core/aws-model/ecs.types.js'
import type { Partition } from '../../../core/config.js'
import { EcsErrors } from '../../../core/errors.js'
import {
  combinePlacementConstraints,
  parsePlacementConstraints,
  parsePlacementStrategies,
  parseTaskDefinitionPlacementConstraints,
  type PlacementConstraintSpec,
  type PlacementStrategySpec,
} from '../../../scheduler/placement/index.js'
import type { SchedulingStrategy } from './deployment-configuration.js'

/**
 * The checks CreateService and UpdateService share on what a service asks for. ECS's own
 * texts where it has one (quoted from real responses), Berth's otherwise.
 */

const SERVICE_NAME = /^[a-zA-Z0-9_-]{1,255}$/

export function checkServiceName(name: string): void {
  if (!SERVICE_NAME.test(name)) {
    throw EcsErrors.invalidParameter(
      'Service name must be 1 to 255 characters long and contain only letters, numbers, hyphens and underscores.',
    )
  }
}

/** "Up to 36 ASCII characters in the range of 33-126 (inclusive)" (model). */
export function checkClientToken(token: string | undefined): void {
  if (token === undefined) return
  if (token.length < 1 || token.length > 36 || ![...token].every((c) => c.charCodeAt(0) >= 33 && c.charCodeAt(0) <= 126)) {
    throw EcsErrors.invalidParameter('clientToken must be 1 to 36 ASCII characters from ! (33) to ~ (126).')
  }
}

export const DAEMON_DESIRED_COUNT =
  'The daemon scheduling strategy does not support a desired count for services. Remove the desired count value and try again'
export const DAEMON_PLACEMENT_STRATEGY =
  'The daemon scheduling strategy does not support placement strategies. Remove the placement strategy and try again'

const MAX_DESIRED_COUNT = 2 ** 31 - 1

/** A DAEMON service's count is the instances it covers: ECS refuses one given (its text). */
export function checkDesiredCount(strategy: SchedulingStrategy, desiredCount: number | undefined, required: boolean): void {
  if (strategy === 'DAEMON') {
    if (desiredCount !== undefined) throw EcsErrors.invalidParameter(DAEMON_DESIRED_COUNT)
    return
  }
  if (desiredCount === undefined) {
    if (required) throw EcsErrors.invalidParameter('desiredCount is required for a service with the REPLICA scheduling strategy.')
    return
  }
  if (desiredCount < 0 || desiredCount > MAX_DESIRED_COUNT) {
    throw EcsErrors.invalidParameter(`desiredCount must be between 0 and ${MAX_DESIRED_COUNT} (it was ${desiredCount}).`)
  }
}

export function checkGracePeriod(seconds: number | undefined): void {
  if (seconds !== undefined && (seconds < 0 || seconds > MAX_DESIRED_COUNT)) {
    throw EcsErrors.invalidParameter(`healthCheckGracePeriodSeconds must be between 0 and ${MAX_DESIRED_COUNT} (it was ${seconds}).`)
  }
}

/** A role name becomes its IAM ARN in the account; an ARN is kept as given. */
export function roleArnOf(role: string, partition: Partition): string {
  return role.startsWith('arn:') ? role : `arn:aws:iam::${partition.accountId}:role/${role.replace(/^\/+/, '')}`
}

/** The service's placement, parsed: its own constraints and strategies, and all constraints a task meets. */
export interface ServicePlacement {
  constraints: PlacementConstraintSpec[]
  strategies: PlacementStrategySpec[]
  /** The task definition's memberOf constraints, then the service's (at most 10 in all). */
  all: PlacementConstraintSpec[]
}

export function parseServicePlacement(
  constraints: readonly PlacementConstraint[],
  strategies: readonly PlacementStrategy[],
  td: TaskDefinition,
  strategy: SchedulingStrategy,
): ServicePlacement {
  if (strategy === 'DAEMON' && strategies.length > 0) throw EcsErrors.invalidParameter(DAEMON_PLACEMENT_STRATEGY)
  const own = parsePlacementConstraints(constraints)
  const all = combinePlacementConstraints(parseTaskDefinitionPlacementConstraints(td.placementConstraints), own)
  return { constraints: own, strategies: parsePlacementStrategies(strategies), all }
}

/** "5 target groups per service" (ECS service quotas). */
export const MAX_LOAD_BALANCERS = 5

/**
 * What can be checked of a load balancer before Berth has ELB: one target (a target group or
 * a Classic Load Balancer's name), and a container of the task definition that maps the port
 * (ECS's texts for those two).
 */
export function checkLoadBalancers(lbs: readonly LoadBalancer[], td: TaskDefinition): void {
  if (lbs.length > MAX_LOAD_BALANCERS) {
    throw EcsErrors.invalidParameter(`loadBalancers: ${lbs.length} were given; a service can have at most ${MAX_LOAD_BALANCERS}.`)
  }
  lbs.forEach((lb, i) => {
    const where = `loadBalancers[${i}]`
    if ((lb.targetGroupArn === undefined) === (lb.loadBalancerName === undefined)) {
      throw EcsErrors.invalidParameter(`${where}: give either a targetGroupArn or a loadBalancerName (one of them, not both).`)
    }
    if (lb.containerName === undefined || lb.containerPort === undefined) {
      throw EcsErrors.invalidParameter(`${where}: containerName and containerPort name the container and port to register; both are required.`)
    }
    const container = (td.containerDefinitions ?? []).find((c) => c.name === lb.containerName)
    if (!container) throw EcsErrors.invalidParameter(`The container ${lb.containerName} does not exist in the task definition.`)
    if (!(container.portMappings ?? []).some((p) => p.containerPort === lb.containerPort)) {
      throw EcsErrors.invalidParameter(`The container ${lb.containerName} did not have a container port ${lb.containerPort} defined.`)
    }
  })
}
