import type { ListContainerInstancesRequest, ListContainerInstancesResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { ContainerInstanceRecord } from '../../../core/model/container-instance.js'
import { QuerySyntaxError, evaluateQuery, parseQuery, type Expression } from '../../../core/query/index.js'
import type { ReadTx } from '../../../state/store.js'
import type { EcsOperation } from '../deps.js'
import { decodeToken, isString, pageSize, scanPage } from '../pagination.js'
import { requireCluster } from '../resolve.js'
import { queryTargetOf } from '../../../core/model/instance-tasks.js'
import { tasksOnInstance } from '../../../scheduler/apply/index.js'

/**
 * Lists a cluster's instances in ARN order. `status` picks one status; without it every
 * instance but the deregistered (INACTIVE) ones is listed, as ECS documents. `filter` is a
 * cluster query language expression each instance must satisfy.
 */
export const listContainerInstances: EcsOperation<ListContainerInstancesRequest, ListContainerInstancesResponse> = async (input, deps) => {
  const limit = pageSize(input.maxResults)
  const after = decodeToken(input.nextToken, isString)
  const query = input.filter === undefined ? undefined : parseFilter(input.filter)
  return deps.store.read(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    const page = await scanPage(
      limit,
      after,
      (from, n) => tx.containerInstances.list({ clusterArn: cluster.arn, after: from, limit: n, ...(input.status ? { status: input.status } : {}) }),
      (ci) => ci.status !== 'INACTIVE' && (query === undefined || matches(tx, query, ci)),
      (ci) => ci.arn,
    )
    return { containerInstanceArns: page.items.map((ci) => ci.arn), ...(page.nextToken ? { nextToken: page.nextToken } : {}) }
  })
}

async function matches(tx: ReadTx, query: Expression, ci: ContainerInstanceRecord): Promise<boolean> {
  return evaluateQuery(query, queryTargetOf(ci, await tasksOnInstance(tx, ci)))
}

function parseFilter(filter: string): Expression {
  try {
    return parseQuery(filter)
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw EcsErrors.invalidParameter(`Invalid filter: ${error.message}`)
    throw error
  }
}
