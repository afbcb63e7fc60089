import { isApiError } from '../../core/errors.js'
import { newUuid } from '../../core/ids.js'
import { MAX_SERVICE_EVENTS, serviceGroup, type ServiceRecord } from '../../core/model/service.js'
import { parseQuery } from '../../core/query/index.js'
import type { WriteTx } from '../../state/store.js'
import { placeTasks, type ApplyDeps, type PlaceTasksInput, type PlaceTasksResult, type TaskTagsSpec } from '../apply/index.js'
import { FARGATE_PLATFORM_VERSION } from '../../core/model/fargate.js'
import { placeFargateTasks } from '../fargate/index.js'
import { placeByStrategy } from '../capacity/index.js'
import { effectiveStrategy } from '../../core/model/capacity-provider.js'
import {
  describeUnplaced,
  parsePlacementConstraints,
  parsePlacementStrategies,
  type PlacementConstraintSpec,
  type PlacementStrategySpec,
} from '../placement/index.js'
import { applyRules } from './apply-rules.js'
import { applyTargets } from './apply-targets.js'
import { EVENT_REPEAT_AFTER_MS, ServiceEvents } from './messages.js'
import type { ServicePlan, ServiceSnapshot, StartIntent } from './snapshot.js'

/** What applying a plan came to: how many tasks it placed, and whether any found no room. */
export interface ApplyOutcome {
  placed: number
  unplaced: boolean
}

/**
 * Carries out one service's plan inside the caller's transaction: the records it changed, the
 * tasks it starts (through the one task applier, placement included) and the events, each
 * written unless it repeats the service's newest event within six hours, as ECS omits them.
 */
export async function applyPlan(tx: WriteTx, snapshot: ServiceSnapshot, plan: ServicePlan, deps: ApplyDeps): Promise<ApplyOutcome> {
  const { service } = plan
  if (service !== snapshot.service) await tx.services.put(service)
  if (plan.serviceDeployment) await tx.serviceDeployments.put(plan.serviceDeployment)
  for (const t of plan.tasks) await tx.tasks.put(t)
  if (plan.targets) await applyTargets(tx, plan.targets, snapshot.now)
  if (plan.rules) await applyRules(tx, plan.rules)
  const events = [...plan.events]
  const outcome = plan.start ? await start(tx, snapshot, service, plan.start, deps, events) : { placed: 0, unplaced: false }
  await writeEvents(tx, service.arn, events, snapshot.now)
  return outcome
}

async function start(
  tx: WriteTx,
  snapshot: ServiceSnapshot,
  service: ServiceRecord,
  intent: StartIntent,
  deps: ApplyDeps,
  events: string[],
): Promise<ApplyOutcome> {
  const cluster = await tx.clusters.get(service.clusterArn)
  const taskDefinition = snapshot.taskDefinitions.get(intent.taskDefinitionArn)
  if (!cluster || !taskDefinition) return { placed: 0, unplaced: true }
  // A task set's tasks run where it says (its launch type or strategy, its network); a deployment's where the service says.
  const taskSet = service.taskSets?.find((t) => t.id === intent.deploymentId)
  const launch = taskSet ?? service
  try {
    const common = {
      cluster,
      taskDefinition,
      overrides: {},
      count: intent.count,
      group: serviceGroup(service.name),
      startedBy: intent.deploymentId,
      enableExecuteCommand: service.enableExecuteCommand,
      // The deployment's own: an update that changes it starts a deployment with the new one.
      networkConfiguration: taskSet
        ? taskSet.networkConfiguration
        : (service.deployments.find((d) => d.id === intent.deploymentId)?.networkConfiguration ?? service.networkConfiguration),
      tags: tagsOf(service, taskDefinition.taskDefinitionArn!, cluster.name),
      seed: `${intent.deploymentId}@${snapshot.now}`,
    }
    const onInstances: PlaceTasksInput = {
      ...common,
      constraints: constraintsOf(service, intent),
      strategies: strategiesOf(service),
      ...(intent.instances ? { onlyInstances: new Set(intent.instances) } : {}),
    }
    const result: PlaceTasksResult = launch.capacityProviderStrategy
      ? await placeByStrategy(tx, onInstances, effectiveStrategy(launch.capacityProviderStrategy), await liveByProvider(tx, service, taskSet?.id), deps)
      : launch.launchType === 'FARGATE'
        ? await placeFargateTasks(tx, { ...common, platformVersion: FARGATE_PLATFORM_VERSION }, deps)
        : await placeTasks(tx, onInstances, deps)
    const ids = result.tasks.map((t) => t.id)
    if (ids.length > 0) {
      events.push(
        intent.zone !== undefined
          ? ServiceEvents.startedToRebalance(service.name, intent.zone, ids)
          : intent.replacingUnhealthy > 0
            ? ServiceEvents.startedReplacingUnhealthy(service.name, ids, Math.min(intent.replacingUnhealthy, ids.length))
            : ServiceEvents.started(service.name, ids),
      )
    }
    if (result.unplaced) events.push(ServiceEvents.unableToPlace(service.name, describeUnplaced(result.unplaced)))
    if (result.capacityUnavailable) events.push(ServiceEvents.capacityUnavailable(service.name))
    return { placed: ids.length, unplaced: result.unplaced !== undefined || result.capacityUnavailable === true }
  } catch (error) {
    // A refusal before anything was written (tags over the limit, say): say why, and let the
    // rest of the plan stand. Anything else is a bug and aborts the transaction.
    if (!isApiError(error)) throw error
    events.push(ServiceEvents.unableToPlace(service.name, `${error.message}`))
    return { placed: 0, unplaced: true }
  }
}

/**
 * How many of the service's live tasks (desired RUNNING) each capacity provider runs: what the
 * split counts as already placed. A task set's split is its own: only its tasks count.
 */
async function liveByProvider(tx: WriteTx, service: ServiceRecord, taskSetId?: string): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  for (const t of await tx.tasks.inGroup(service.clusterArn, serviceGroup(service.name))) {
    if (t.desiredStatus !== 'RUNNING' || t.capacityProviderName === undefined) continue
    if (taskSetId !== undefined && t.startedBy !== taskSetId) continue
    out.set(t.capacityProviderName, (out.get(t.capacityProviderName) ?? 0) + 1)
  }
  return out
}

/**
 * The service's constraints; a DAEMON places one task per instance, and an Availability Zone
 * rebalancing places in the zone it evens out.
 */
function constraintsOf(service: ServiceRecord, intent: StartIntent): PlacementConstraintSpec[] {
  const out = parsePlacementConstraints(service.placementConstraints)
  if (service.schedulingStrategy === 'DAEMON') out.push({ type: 'distinctInstance' })
  if (intent.zone !== undefined) {
    const expression = `attribute:ecs.availability-zone == ${intent.zone}`
    out.push({ type: 'memberOf', expression, query: parseQuery(expression) })
  }
  return out
}

/**
 * The service's strategies, or, when it names none, ECS's default for services: balance
 * across Availability Zones, then across instances ("By default, the service scheduler spreads
 * tasks across Availability Zones").
 */
function strategiesOf(service: ServiceRecord): PlacementStrategySpec[] {
  const given = parsePlacementStrategies(service.placementStrategy)
  if (given.length > 0 || service.schedulingStrategy === 'DAEMON') return given
  return [
    { type: 'spread', field: 'attribute', attribute: 'ecs.availability-zone' },
    { type: 'spread', field: 'instanceId' },
  ]
}

function tagsOf(service: ServiceRecord, taskDefinitionArn: string, clusterName: string): TaskTagsSpec {
  const propagateFrom = service.propagateTags === 'SERVICE' ? service.arn : service.propagateTags === 'TASK_DEFINITION' ? taskDefinitionArn : undefined
  return {
    requested: [],
    propagateFrom,
    managed: service.enableECSManagedTags ? { clusterName, serviceName: service.name } : undefined,
  }
}

/** Appends events; one that repeats the newest event within six hours is left out. */
async function writeEvents(tx: WriteTx, serviceArn: string, messages: readonly string[], now: number): Promise<void> {
  if (messages.length === 0) return
  let newest = (await tx.serviceEvents.latest(serviceArn, 1))[0]
  for (const message of messages) {
    if (newest && newest.message === message && now - newest.createdAt < EVENT_REPEAT_AFTER_MS) continue
    newest = { id: newUuid(), createdAt: now, message }
    await tx.serviceEvents.append(serviceArn, newest, MAX_SERVICE_EVENTS)
  }
}
