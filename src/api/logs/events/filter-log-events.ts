import type { FilterLogEventsRequest, FilterLogEventsResponse, FilteredLogEvent } from '../../../core/aws-model/logs.types.js'
import { LogsErrors } from '../../../core/errors.js'
import { MAX_BATCH_BYTES, eventBytes, retentionCutoff, type GroupEventKey, type LogEventRecord } from '../../../core/model/log.js'
import type { GroupEventsQuery } from '../../../state/logs-store.js'
import type { ReadTx } from '../../../state/store.js'
import type { LogsOperation } from '../deps.js'
import { decodeToken, encodeToken, isObject, pageLimit } from '../pagination.js'
import { checkStreamName, groupNameOf, requireGroup } from '../resolve.js'
import { viewFilteredEvent } from '../views.js'
import { compileFilterPattern, type MessagePredicate } from './filter-pattern.js'

/** Rows read from the store per query while filtering. */
const CHUNK = 1_000
/**
 * Events examined per request at most. Past it the page ends early, possibly empty, with a
 * nextToken, as AWS's own pages do: a pattern that matches nothing in a big group never holds
 * the store for long.
 */
export const SCAN_BUDGET = 100_000
/** searchedLogStreams lists at most this many streams. */
const MAX_SEARCHED_STREAMS = 100

/**
 * A group's events in [startTime, endTime) that match `filterPattern`, from all its streams,
 * `logStreamNames`, or the streams named with `logStreamNamePrefix`, in time order (ties: by
 * stream, then ingestion order). At most `limit` (default 10,000) events and 1 MB a page;
 * `nextToken` continues after the page's last event. `interleaved` is always true, as in AWS
 * today. This is all `aws logs tail` calls (API.md §6).
 */
export const filterLogEvents: LogsOperation<FilterLogEventsRequest, FilterLogEventsResponse> = async (input, deps) => {
  const groupName = groupNameOf(input, deps.arns)
  if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
    throw LogsErrors.invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.')
  }
  input.logStreamNames?.forEach((n, i) => checkStreamName(n, `logStreamNames.${i + 1}.member`))
  const prefix = input.logStreamNamePrefix === undefined ? undefined : checkStreamName(input.logStreamNamePrefix, 'logStreamNamePrefix')
  const matches = compileFilterPattern(input.filterPattern)
  const limit = pageLimit(input.limit, 10_000)
  const after = decodeToken(input.nextToken, isGroupEventKey)

  return deps.store.read(async (tx) => {
    const group = await requireGroup(tx, groupName)
    const streams = await selectStreams(tx, group.id, input.logStreamNames)
    const scope = {
      groupId: group.id,
      streamIds: streams?.map((s) => s.id),
      streamNamePrefix: prefix,
      startTime: input.startTime ?? 0,
      endTime: input.endTime ?? Number.MAX_SAFE_INTEGER,
      minTimestamp: retentionCutoff(group.retentionInDays, deps.clock.now()),
    }
    const page = streams?.length === 0 ? { events: [] } : await scan(tx, scope, after, limit, matches)
    const searched =
      streams ??
      (await tx.logs.streams({ groupId: group.id, namePrefix: prefix, orderBy: 'LogStreamName', descending: false, limit: MAX_SEARCHED_STREAMS }))
    return {
      events: page.events,
      searchedLogStreams: searched.slice(0, MAX_SEARCHED_STREAMS).map((s) => ({ logStreamName: s.name, searchedCompletely: !page.next })),
      ...(page.next ? { nextToken: encodeToken(page.next) } : {}),
    }
  })
}

type Scope = Omit<GroupEventsQuery, 'after' | 'limit'>

/** The named streams that exist, or undefined for "every stream" (with or without a prefix). */
async function selectStreams(tx: ReadTx, groupId: number, names: readonly string[] | undefined) {
  if (names === undefined) return undefined
  const found = await Promise.all([...new Set(names)].map((n) => tx.logs.stream(groupId, n)))
  return found.filter((s) => s !== undefined)
}

/**
 * Reads the scope in order from `after`, keeping matching events until `limit`, 1 MB or the
 * scan budget is reached. `next` is where the following page starts, absent at the end.
 */
async function scan(tx: ReadTx, scope: Scope, after: GroupEventKey | undefined, limit: number, matches: MessagePredicate) {
  const events: FilteredLogEvent[] = []
  let bytes = 0
  let cursor = after
  let scanned = 0
  for (;;) {
    const rows = await tx.logs.groupEvents({ ...scope, after: cursor, limit: CHUNK })
    for (const row of rows) {
      if (matches(row.message)) {
        bytes += eventBytes(row.message)
        if (events.length === limit || (bytes > MAX_BATCH_BYTES && events.length > 0)) return { events, next: cursor }
        events.push(viewFilteredEvent(row))
      }
      cursor = keyOf(row)
      scanned++
    }
    if (rows.length < CHUNK) return { events }
    if (scanned >= SCAN_BUDGET) return { events, next: cursor }
  }
}

const keyOf = (e: LogEventRecord): GroupEventKey => ({ timestamp: e.timestamp, streamId: e.streamId, sequence: e.sequence })

const isGroupEventKey = (k: unknown): k is GroupEventKey =>
  isObject(k) && [k['timestamp'], k['streamId'], k['sequence']].every((v) => Number.isSafeInteger(v) && (v as number) >= 0)
