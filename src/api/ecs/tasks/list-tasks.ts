import type { ListTasksRequest, ListTasksResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { serviceGroup } from '../../../core/model/service.js'
import type { EcsOperation } from '../deps.js'
import { decodeToken, fetchPage, isString, pageSize } from '../pagination.js'
import { requireCluster } from '../resolve.js'
import { findService } from '../services/index.js'
import { containerInstanceArnOf } from './task-ref.js'

/**
 * Filters combine with AND. desiredStatus defaults to RUNNING; PENDING is accepted and, as on
 * ECS, matches nothing (no task is ever desired PENDING). Berth runs everything as EC2.
 * serviceName (a name or ARN, of a service of any status) keeps the tasks of the service's
 * group, `service:<name>`: those of every deployment it ever had, so that the STOPPED tasks of
 * a deployment already replaced can still be listed.
 */
export const listTasks: EcsOperation<ListTasksRequest, ListTasksResponse> = async (input, deps) => {
  const limit = pageSize(input.maxResults)
  const after = decodeToken(input.nextToken, isString)
  const desired = input.desiredStatus ?? 'RUNNING'
  const none = desired === 'PENDING' || (input.launchType !== undefined && input.launchType !== 'EC2')
  const page = await deps.store.read(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    const service = input.serviceName !== undefined ? await findService(tx, input.serviceName, cluster, deps) : undefined
    if (input.serviceName !== undefined && !service) throw EcsErrors.serviceNotFound()
    if (none) return { items: [] }
    return fetchPage(
      limit,
      (n) =>
        tx.tasks.list({
          clusterArn: cluster.arn,
          after,
          limit: n,
          desiredStatus: desired,
          ...(input.containerInstance !== undefined ? { containerInstanceArn: containerInstanceArnOf(input.containerInstance, cluster, deps) } : {}),
          ...(input.family !== undefined ? { family: input.family } : {}),
          ...(input.startedBy !== undefined ? { startedBy: input.startedBy } : {}),
          ...(service ? { group: serviceGroup(service.name) } : {}),
        }),
      (t) => t.arn,
    )
  })
  return { taskArns: page.items.map((t) => t.arn), ...(page.nextToken ? { nextToken: page.nextToken } : {}) }
}
