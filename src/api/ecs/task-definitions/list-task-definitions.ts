import type { ListTaskDefinitionsRequest, ListTaskDefinitionsResponse } from '../../../core/aws-model/ecs.types.js'
import type { TaskDefinitionKey } from '../../../state/store.js'
import type { EcsOperation } from '../deps.js'
import { decodeToken, fetchPage, pageSize } from '../pagination.js'

const isKey = (k: unknown): k is TaskDefinitionKey =>
  Array.isArray(k) && k.length === 2 && typeof k[0] === 'string' && Number.isInteger(k[1])

/**
 * ARNs ordered by family then revision (DESC reverses both: newest first). Only ACTIVE ones
 * unless `status` says INACTIVE. `familyPrefix` is, despite its name, the exact family on
 * ECS ("The full family name"; `web` does not list `web-api`); ListTaskDefinitionFamilies is
 * the one that matches prefixes. DELETE_IN_PROGRESS lists the revisions DeleteTaskDefinitions
 * deleted.
 */
export const listTaskDefinitions: EcsOperation<ListTaskDefinitionsRequest, ListTaskDefinitionsResponse> = async (input, deps) => {
  const limit = pageSize(input.maxResults)
  const after = decodeToken(input.nextToken, isKey)
  const status = input.status ?? 'ACTIVE'
  const filter = {
    status,
    order: input.sort ?? 'ASC',
    ...(input.familyPrefix !== undefined ? { family: input.familyPrefix } : {}),
  }
  const page = await deps.store.read((tx) =>
    fetchPage(
      limit,
      (n) => tx.taskDefinitions.list({ ...filter, after, limit: n }),
      (td): TaskDefinitionKey => [td.family!, td.revision!],
    ),
  )
  return {
    taskDefinitionArns: page.items.map((td) => td.taskDefinitionArn!),
    ...(page.nextToken ? { nextToken: page.nextToken } : {}),
  }
}
