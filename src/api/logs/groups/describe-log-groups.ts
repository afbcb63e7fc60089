import type { DescribeLogGroupsRequest, DescribeLogGroupsResponse } from '../../../core/aws-model/logs.types.js'
import { LogsErrors } from '../../../core/errors.js'
import type { LogsOperation } from '../deps.js'
import { decodeToken, encodeToken, isString, pageLimit } from '../pagination.js'
import { checkGroupName } from '../resolve.js'
import { viewGroup } from '../views.js'

/**
 * Groups in name order, 50 a page by default. `logGroupNamePattern` is a case-sensitive
 * substring match; it and `logGroupNamePrefix` exclude each other. Linked accounts do not
 * exist here: `accountIdentifiers` and `includeLinkedAccounts` change nothing. Every group
 * is STANDARD, so a `logGroupClass` filter of another class lists none.
 */
export const describeLogGroups: LogsOperation<DescribeLogGroupsRequest, DescribeLogGroupsResponse> = async (input, deps) => {
  if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
    throw LogsErrors.invalidParameter('LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.')
  }
  const namePrefix = input.logGroupNamePrefix === undefined ? undefined : checkGroupName(input.logGroupNamePrefix, 'logGroupNamePrefix')
  const limit = pageLimit(input.limit, 50)
  const after = decodeToken(input.nextToken, isString)
  if (input.logGroupClass !== undefined && input.logGroupClass !== 'STANDARD') return { logGroups: [] }
  const groups = await deps.store.read((tx) =>
    tx.logs.groups({ after, limit: limit + 1, namePrefix, nameContains: input.logGroupNamePattern || undefined }),
  )
  const page = groups.slice(0, limit)
  return {
    logGroups: page.map((g) => viewGroup(g, deps.arns)),
    ...(groups.length > limit ? { nextToken: encodeToken(page[page.length - 1]!.name) } : {}),
  }
}
