import type { TaskDefinition } from '../../core/aws-model/ecs.types.js'
import type { ContainerInstanceRecord } from '../../core/model/container-instance.js'
import { queryTargetOf } from '../../core/model/instance-tasks.js'
import type { ServiceRecord } from '../../core/model/service.js'
import { evaluateQuery } from '../../core/query/index.js'
import { combinePlacementConstraints, parsePlacementConstraints, parseTaskDefinitionPlacementConstraints } from '../placement/index.js'
import type { ClassifiedTask } from './classify.js'
import type { ServiceSnapshot } from './snapshot.js'

/**
 * Which instances a DAEMON service runs on (pure): "exactly one task on each active container
 * instance that meets all of the task placement constraints", and ECS "also stops tasks that
 * don't meet the placement constraints". An instance qualifies when ACTIVE, when it has the
 * attributes the task definition requires, and when it satisfies every memberOf constraint of
 * the service and the task definition. Expressions are read against the instance without its
 * tasks: a daemon's constraints select hosts, not neighbours (placement checks the rest when
 * the task is placed).
 */
export function daemonEligibility(service: ServiceRecord, td: TaskDefinition | undefined): (i: ContainerInstanceRecord) => boolean {
  const constraints = combinePlacementConstraints(
    parseTaskDefinitionPlacementConstraints(td?.placementConstraints),
    parsePlacementConstraints(service.placementConstraints),
  )
  const required = td?.requiresAttributes ?? []
  return (i) =>
    i.status === 'ACTIVE' &&
    required.every((r) => i.attributes.some((a) => a.name === r.name && (r.value === undefined || a.value === r.value))) &&
    constraints.every((c) => c.type !== 'memberOf' || evaluateQuery(c.query, queryTargetOf(i, [])))
}

/** A DAEMON runs one task per instance: further keepers on an instance are outgoing. */
export function moveDuplicates(keepers: ClassifiedTask[], outgoing: ClassifiedTask[]): void {
  const seen = new Set<string>()
  for (const c of [...keepers].sort((a, b) => a.task.createdAt - b.task.createdAt || a.task.arn.localeCompare(b.task.arn))) {
    const at = c.task.containerInstanceArn ?? c.task.arn
    if (!seen.has(at)) {
      seen.add(at)
      continue
    }
    keepers.splice(keepers.indexOf(c), 1)
    c.role = 'outgoing'
    outgoing.push(c)
  }
}

/** A DAEMON's instances that should run its task and run none of its tasks: where it starts one. */
export function freeInstances(s: ServiceSnapshot, live: ClassifiedTask[], eligible: (i: ContainerInstanceRecord) => boolean): string[] {
  const occupied = new Set(live.map((c) => c.task.containerInstanceArn))
  return s.cluster.instances
    .filter((i) => eligible(i) && i.agentConnected && !occupied.has(i.arn))
    .map((i) => i.arn)
    .sort()
}
