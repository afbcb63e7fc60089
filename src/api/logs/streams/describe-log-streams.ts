import type { DescribeLogStreamsRequest, DescribeLogStreamsResponse } from '../../../core/aws-model/logs.types.js'
import { LogsErrors } from '../../../core/errors.js'
import type { LogStreamRecord } from '../../../core/model/log.js'
import type { LogStreamKey } from '../../../state/logs-store.js'
import type { LogsOperation } from '../deps.js'
import { decodeToken, encodeToken, isCount, isObject, isString, pageLimit } from '../pagination.js'
import { checkStreamName, groupNameOf, requireGroup } from '../resolve.js'
import { viewStream } from '../views.js'

/**
 * A group's streams, 50 a page by default, ordered by name or by last event time (streams with
 * no event first), ascending unless `descending`. Logs refuses a name prefix with
 * LastEventTime ordering, and so does Berth.
 */
export const describeLogStreams: LogsOperation<DescribeLogStreamsRequest, DescribeLogStreamsResponse> = async (input, deps) => {
  const groupName = groupNameOf(input, deps.arns)
  const orderBy = input.orderBy ?? 'LogStreamName'
  const namePrefix = input.logStreamNamePrefix === undefined ? undefined : checkStreamName(input.logStreamNamePrefix, 'logStreamNamePrefix')
  if (orderBy === 'LastEventTime' && namePrefix !== undefined) {
    throw LogsErrors.invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.')
  }
  const limit = pageLimit(input.limit, 50)
  const after = decodeToken(input.nextToken, orderBy === 'LogStreamName' ? isNameKey : isTimeKey)
  const descending = input.descending ?? false
  const { group, streams } = await deps.store.read(async (tx) => {
    const group = await requireGroup(tx, groupName)
    return { group, streams: await tx.logs.streams({ groupId: group.id, namePrefix, orderBy, descending, after, limit: limit + 1 }) }
  })
  const page = streams.slice(0, limit)
  const last = page[page.length - 1]
  return {
    logStreams: page.map((s) => viewStream(s, group.name, deps.arns)),
    ...(streams.length > limit && last ? { nextToken: encodeToken(keyOf(last, orderBy)) } : {}),
  }
}

const keyOf = (s: LogStreamRecord, orderBy: string): LogStreamKey =>
  orderBy === 'LogStreamName' ? { name: s.name } : { lastEventTimestamp: s.lastEventTimestamp ?? -1, name: s.name }

const isNameKey = (k: unknown): k is { name: string } => isObject(k) && isString(k['name']) && !('lastEventTimestamp' in k)
const isTimeKey = (k: unknown): k is { lastEventTimestamp: number; name: string } =>
  isObject(k) && isString(k['name']) && isCount(k['lastEventTimestamp'])
