import type { TaskDefinition } from '../../core/aws-model/ecs.types.js'
import type { ContainerInstanceRecord } from '../../core/model/container-instance.js'
import { queryTargetOf } from '../../core/model/instance-tasks.js'
import type { ServiceRecord } from '../../core/model/service.js'
import { evaluateQuery } from '../../core/query/index.js'
import { combinePlacementConstraints, parsePlacementConstraints, parseTaskDefinitionPlacementConstraints } from '../placement/index.js'

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
