import type { ListClustersRequest, ListClustersResponse } from '../../../core/aws-model/ecs.types.js'
import type { EcsOperation } from '../deps.js'
import { decodeToken, fetchPage, isString, pageSize } from '../pagination.js'

export const listClusters: EcsOperation<ListClustersRequest, ListClustersResponse> = async (input, deps) => {
  const limit = pageSize(input.maxResults)
  const after = decodeToken(input.nextToken, isString)
  const page = await deps.store.read((tx) =>
    fetchPage(limit, (n) => tx.clusters.list({ after, limit: n, status: 'ACTIVE' }), (c) => c.arn),
  )
  return { clusterArns: page.items.map((c) => c.arn), ...(page.nextToken ? { nextToken: page.nextToken } : {}) }
}
