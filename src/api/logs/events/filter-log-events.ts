import type { FilterLogEventsRequest, FilterLogEventsResponse, FilteredLogEvent } from '../../../core/aws-model/logs.types.js'
import { LogsErrors } from '../../../core/errors.js'
import { MAX_BATCH_BYTES, eventBytes, retentionCutoff, type GroupEventKey, type LogEventRecord } from '../../../core/model/log.js'
import type { GroupEventsQuery } from '../../../state/logs-store.js'
import type { ReadTx, Store } from '../../../state/store.js'
import type { LogsOperation } from '../deps.js'
import { decodeToken, encodeToken, isObject, pageLimit } from '../pagination.js'
import { checkStreamName, groupNameOf, requireGroup } from '../resolve.js'
import { viewFilteredEvent } from '../views.js'
import { compileFilterPattern, filterPatternRegex } from './filter-pattern.js'
import { sharedRegexMatcher, type RegexVerdict } from './regex-matcher.js'
import { nextChunkRows, FIRST_CHUNK_ROWS, startBudget, yieldToEventLoop, type Budget } from './scan-budget.js'

/**
 * Events examined per request at most. Past it the page ends early, possibly empty, with a
 * nextToken, as AWS's own pages do: a pattern that matches nothing in a big group never holds
 * the store for long.
 */
export const SCAN_BUDGET = 100_000
/** Time one page may spend reading and matching; past it the page ends early, as above. */
export const PAGE_TIME_BUDGET_MS = 1_000
/** searchedLogStreams lists at most this many streams. */
const MAX_SEARCHED_STREAMS = 100

/**
 * A group's events in [startTime, endTime) that match `filterPattern`, from all its streams,
 * `logStreamNames`, or the streams named with `logStreamNamePrefix`, in time order (ties: by
 * stream, then ingestion order). At most `limit` (default 10,000) events and 1 MB a page;
 * `nextToken` continues after the page's last event. `interleaved` is always true, as in AWS
 * today. This is all `aws logs tail` calls (API.md §6).
 *
 * Bounded work: the group is read in chunks, each its own store read (a read holds the store's
 * queue, so one long one would hold every other client's reads and writes), sized to about a
 * megabyte of messages; the event loop is given back between chunks; a regex is matched in a
 * worker thread (regex-matcher.ts); and the page ends early past SCAN_BUDGET events or
 * PAGE_TIME_BUDGET_MS.
 */
export const filterLogEvents: LogsOperation<FilterLogEventsRequest, FilterLogEventsResponse> = async (input, deps) => {
  const groupName = groupNameOf(input, deps.arns)
  if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
    throw LogsErrors.invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.')
  }
  input.logStreamNames?.forEach((n, i) => checkStreamName(n, `logStreamNames.${i + 1}.member`))
  const prefix = input.logStreamNamePrefix === undefined ? undefined : checkStreamName(input.logStreamNamePrefix, 'logStreamNamePrefix')
  const matches = compileFilterPattern(input.filterPattern)
  const regex = filterPatternRegex(input.filterPattern)
  const regexMatcher = deps.regexMatcher ?? sharedRegexMatcher()
  const match: ChunkMatcher =
    regex === undefined ? async (messages) => matchInLoop(messages, matches) : (messages, budgetMs) => regexMatcher.match(regex, messages, budgetMs)
  const limit = pageLimit(input.limit, 10_000)
  const after = decodeToken(input.nextToken, isGroupEventKey)

  const { group, streams, searched } = await deps.store.read(async (tx) => {
    const group = await requireGroup(tx, groupName)
    const streams = await selectStreams(tx, group.id, input.logStreamNames)
    const searched =
      streams ??
      (await tx.logs.streams({ groupId: group.id, namePrefix: prefix, orderBy: 'LogStreamName', descending: false, limit: MAX_SEARCHED_STREAMS }))
    return { group, streams, searched }
  })
  const scope: Scope = {
    groupId: group.id,
    streamIds: streams?.map((s) => s.id),
    streamNamePrefix: prefix,
    startTime: input.startTime ?? 0,
    endTime: input.endTime ?? Number.MAX_SAFE_INTEGER,
    minTimestamp: retentionCutoff(group.retentionInDays, deps.clock.now()),
  }
  const page = streams?.length === 0 ? { events: [] } : await scan(deps.store, startBudget(deps.clock, PAGE_TIME_BUDGET_MS), scope, after, limit, match)
  return {
    events: page.events,
    searchedLogStreams: searched.slice(0, MAX_SEARCHED_STREAMS).map((s) => ({ logStreamName: s.name, searchedCompletely: !page.next })),
    ...(page.next ? { nextToken: encodeToken(page.next) } : {}),
  }
}

type Scope = Omit<GroupEventsQuery, 'after' | 'limit'>

const NOTHING: RegexVerdict = { matched: [], examined: 0 }

/** Which messages match, examining at least one and more until `budgetMs` is spent. */
type ChunkMatcher = (messages: readonly string[], budgetMs: number) => Promise<RegexVerdict>

/** Terms are substring tests, a few nanoseconds a byte: a chunk of about a megabyte is matched here. */
function matchInLoop(messages: readonly string[], matches: (m: string) => boolean): RegexVerdict {
  const matched: number[] = []
  messages.forEach((m, i) => matches(m) && matched.push(i))
  return { matched, examined: messages.length }
}

/** The named streams that exist, or undefined for "every stream" (with or without a prefix). */
async function selectStreams(tx: ReadTx, groupId: number, names: readonly string[] | undefined) {
  if (names === undefined) return undefined
  const found = await Promise.all([...new Set(names)].map((n) => tx.logs.stream(groupId, n)))
  return found.filter((s) => s !== undefined)
}

/**
 * Reads the scope in order from `after`, keeping matching events until `limit`, 1 MB, the scan
 * budget or the time budget is reached. `next` is where the following page starts, absent at
 * the end.
 */
async function scan(store: Store, budget: Budget, scope: Scope, after: GroupEventKey | undefined, limit: number, match: ChunkMatcher) {
  const events: FilteredLogEvent[] = []
  let bytes = 0
  let cursor = after
  let scanned = 0
  let rows = FIRST_CHUNK_ROWS
  for (;;) {
    const read = await store.read((tx) => tx.logs.groupEvents({ ...scope, after: cursor, limit: rows }))
    // A chunk of the group none of whose events is in the selected streams asks nobody.
    const verdict = read.events.length === 0 ? NOTHING : await match(read.events.map((e) => e.message), budget.remainingMs())
    const matched = new Set(verdict.matched)
    for (let i = 0; i < verdict.examined; i++) {
      const row = read.events[i]!
      if (matched.has(i)) {
        bytes += eventBytes(row.message)
        if (events.length === limit || (bytes > MAX_BATCH_BYTES && events.length > 0)) return { events, next: cursor }
        events.push(viewFilteredEvent(row))
      }
      cursor = keyOf(row)
    }
    // The matcher ran out of time inside the chunk: continue after the last one it examined.
    if (verdict.examined < read.events.length) return { events, next: cursor }
    cursor = read.last ?? cursor
    if (read.done) return { events }
    scanned += rows
    if (scanned >= SCAN_BUDGET || budget.spent()) return { events, next: cursor }
    // Never past the scan budget: the page ends on it exactly.
    rows = Math.min(nextChunkRows(rows, read.readChars), SCAN_BUDGET - scanned)
    await yieldToEventLoop()
  }
}

const keyOf = (e: LogEventRecord): GroupEventKey => ({ timestamp: e.timestamp, streamId: e.streamId, sequence: e.sequence })

const isGroupEventKey = (k: unknown): k is GroupEventKey =>
  isObject(k) && [k['timestamp'], k['streamId'], k['sequence']].every((v) => Number.isSafeInteger(v) && (v as number) >= 0)
