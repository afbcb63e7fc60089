import type { ListTaskDefinitionFamiliesRequest, ListTaskDefinitionFamiliesResponse } from '../../../core/aws-model/ecs.types.js'
import type { EcsOperation } from '../deps.js'
import { decodeToken, fetchPage, isString, pageSize } from '../pagination.js'

/**
 * Family names in order, matched by prefix. A family is ACTIVE while any revision is, and
 * INACTIVE once all are deregistered; `status` defaults to ACTIVE, ALL lists both.
 */
export const listTaskDefinitionFamilies: EcsOperation<ListTaskDefinitionFamiliesRequest, ListTaskDefinitionFamiliesResponse> = async (
  input,
  deps,
) => {
  const limit = pageSize(input.maxResults)
  const after = decodeToken(input.nextToken, isString)
  const requested = input.status ?? 'ACTIVE'
  const filter = {
    ...(requested !== 'ALL' ? { status: requested } : {}),
    ...(input.familyPrefix !== undefined ? { familyPrefix: input.familyPrefix } : {}),
  }
  const page = await deps.store.read((tx) =>
    fetchPage(limit, (n) => tx.taskDefinitions.families({ ...filter, after, limit: n }), (family) => family),
  )
  return { families: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) }
}
