import type { ListTasksRequest, ListTasksResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { EcsOperation } from '../deps.js'
import { decodeToken, fetchPage, isString, pageSize } from '../pagination.js'
import { requireCluster } from '../resolve.js'
import { containerInstanceArnOf } from './task-ref.js'

/**
 * Filters combine with AND. desiredStatus defaults to RUNNING; PENDING is accepted and, as on
 * ECS, matches nothing (no task is ever desired PENDING). Berth runs everything as EC2.
 */
export const listTasks: EcsOperation<ListTasksRequest, ListTasksResponse> = async (input, deps) => {
  const limit = pageSize(input.maxResults)
  const after = decodeToken(input.nextToken, isString)
  const desired = input.desiredStatus ?? 'RUNNING'
  if (desired === 'PENDING' || (input.launchType !== undefined && input.launchType !== 'EC2')) return { taskArns: [] }
  const page = await deps.store.read(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    if (input.serviceName !== undefined) throw EcsErrors.serviceNotFound()
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
        }),
      (t) => t.arn,
    )
  })
  return { taskArns: page.items.map((t) => t.arn), ...(page.nextToken ? { nextToken: page.nextToken } : {}) }
}
