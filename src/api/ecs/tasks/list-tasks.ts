import type { ListTasksRequest, ListTasksResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { serviceGroup } from '../../../core/model/service.js'
import type { EcsOperation } from '../deps.js'
import { decodeToken, isString, pageSize, scanPage } from '../pagination.js'
import { requireCluster } from '../resolve.js'
import { findService } from '../services/index.js'
import { containerInstanceArnOf } from './task-ref.js'

/**
 * Filters combine with AND. desiredStatus defaults to RUNNING; PENDING is accepted and, as on
 * ECS, matches nothing (no task is ever desired PENDING). launchType keeps EC2 or FARGATE
 * tasks (EXTERNAL and MANAGED_INSTANCES match none); a containerInstance never matches a
 * Fargate task, which runs on no container instance of the user's.
 * serviceName (a name or ARN, of a service of any status) keeps the tasks of the service's
 * group, `service:<name>`: those of every deployment it ever had, so that the STOPPED tasks of
 * a deployment already replaced can still be listed.
 */
export const listTasks: EcsOperation<ListTasksRequest, ListTasksResponse> = async (input, deps) => {
  const limit = pageSize(input.maxResults)
  const after = decodeToken(input.nextToken, isString)
  const desired = input.desiredStatus ?? 'RUNNING'
  const launchType = input.launchType
  const none = desired === 'PENDING' || (launchType !== undefined && launchType !== 'EC2' && launchType !== 'FARGATE')
  const keep = (t: { launchType?: string }) =>
    (launchType === undefined || (t.launchType ?? 'EC2') === launchType) && (input.containerInstance === undefined || t.launchType !== 'FARGATE')
  const page = await deps.store.read(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    const service = input.serviceName !== undefined ? await findService(tx, input.serviceName, cluster, deps) : undefined
    if (input.serviceName !== undefined && !service) throw EcsErrors.serviceNotFound()
    if (none) return { items: [] }
    return scanPage(
      limit,
      after,
      (from, n) =>
        tx.tasks.list({
          clusterArn: cluster.arn,
          after: from,
          limit: n,
          desiredStatus: desired,
          ...(input.containerInstance !== undefined ? { containerInstanceArn: containerInstanceArnOf(input.containerInstance, cluster, deps) } : {}),
          ...(input.family !== undefined ? { family: input.family } : {}),
          ...(input.startedBy !== undefined ? { startedBy: input.startedBy } : {}),
          ...(service ? { group: serviceGroup(service.name) } : {}),
        }),
      keep,
      (t) => t.arn,
    )
  })
  return { taskArns: page.items.map((t) => t.arn), ...(page.nextToken ? { nextToken: page.nextToken } : {}) }
}
