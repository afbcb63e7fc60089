import type { GetLogEventsRequest, GetLogEventsResponse } from '../../../core/aws-model/logs.types.js'
import { MAX_BATCH_BYTES, eventBytes, retentionCutoff, type LogEventRecord } from '../../../core/model/log.js'
import type { StreamEventsQuery } from '../../../state/logs-store.js'
import type { Store } from '../../../state/store.js'
import type { LogsOperation } from '../deps.js'
import { pageLimit } from '../pagination.js'
import { checkStreamName, groupNameOf, requireGroup, requireStream } from '../resolve.js'
import { viewOutputEvent } from '../views.js'
import { FIRST_CHUNK_ROWS, nextChunkRows, yieldToEventLoop } from './scan-budget.js'
import { decodeStreamToken, encodeStreamToken, turnAround, type StreamToken } from './stream-tokens.js'

/**
 * One stream's events in [startTime, endTime), at most `limit` (default and maximum 10,000) and
 * 1 MB, always in ascending order within a page.
 *
 * Without a token, `startFromHead` picks the page: true → the oldest events, false (default) →
 * the newest. With a token, the token's direction decides (AWS asks for startFromHead=true with
 * a forward token; Berth does not insist). `nextForwardToken` reads on after the page,
 * `nextBackwardToken` reads back before it. A page that comes back empty returns the token it
 * was given, unchanged, as its token in that direction: that is how a reader knows it reached
 * the end (or the start), and the same token later returns events appended since.
 */
export const getLogEvents: LogsOperation<GetLogEventsRequest, GetLogEventsResponse> = async (input, deps) => {
  const groupName = groupNameOf(input, deps.arns)
  const streamName = checkStreamName(input.logStreamName)
  const limit = pageLimit(input.limit, 10_000)
  const given = input.nextToken === undefined ? undefined : decodeStreamToken(input.nextToken)
  const startTime = input.startTime ?? 0
  const endTime = input.endTime ?? Number.MAX_SAFE_INTEGER
  const direction = given?.direction ?? (input.startFromHead ? 'forward' : 'backward')

  const query = await deps.store.read(async (tx) => {
    const group = await requireGroup(tx, groupName)
    const stream = await requireStream(tx, group, streamName)
    const minTimestamp = retentionCutoff(group.retentionInDays, deps.clock.now())
    return { streamId: stream.id, startTime, endTime, minTimestamp, direction, from: given?.key }
  })
  const page = await readWithinBytes(deps.store, query, limit)
  if (direction === 'backward') page.reverse()

  const first = page[0]
  const last = page[page.length - 1]
  let forward: StreamToken
  let backward: StreamToken
  if (first && last) {
    forward = { direction: 'forward', key: { timestamp: last.timestamp, sequence: last.sequence } }
    backward = { direction: 'backward', key: { timestamp: first.timestamp, sequence: first.sequence } }
  } else {
    // Nothing there: keep the caller's place, or stand at the start of the range.
    const here = given ?? { direction: 'forward', key: { timestamp: startTime, sequence: 0 } }
    forward = here.direction === 'forward' ? here : turnAround(here)
    backward = here.direction === 'backward' ? here : turnAround(here)
  }
  // The token given comes back verbatim when the page is empty.
  const encode = (t: StreamToken) => (t === given && input.nextToken !== undefined ? input.nextToken : encodeStreamToken(t))
  return {
    events: page.map(viewOutputEvent),
    nextForwardToken: encode(forward),
    nextBackwardToken: encode(backward),
  }
}

/**
 * The longest run of the stream's events, in read order from `q.from`, of at most `limit`
 * events and 1 MB (always at least one event). Read in chunks of about a megabyte, each its
 * own store read with the event loop given back between them: 10,000 events of a megabyte
 * each were one 10 GB read.
 */
async function readWithinBytes(store: Store, q: Omit<StreamEventsQuery, 'limit'>, limit: number): Promise<LogEventRecord[]> {
  const rows: LogEventRecord[] = []
  let bytes = 0
  let from = q.from
  let ask = Math.min(FIRST_CHUNK_ROWS, limit)
  for (;;) {
    const chunk = await store.read((tx) => tx.logs.streamEvents({ ...q, from, limit: ask }))
    let chars = 0
    for (const row of chunk) {
      bytes += eventBytes(row.message)
      if (bytes > MAX_BATCH_BYTES && rows.length > 0) return rows
      rows.push(row)
      chars += row.message.length
    }
    const last = chunk[chunk.length - 1]
    if (!last || chunk.length < ask || rows.length >= limit) return rows
    from = { timestamp: last.timestamp, sequence: last.sequence }
    ask = Math.min(nextChunkRows(ask, chars), limit - rows.length)
    await yieldToEventLoop()
  }
}
