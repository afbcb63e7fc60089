import type { InputLogEvent, RejectedLogEventsInfo } from '../../../core/aws-model/logs.types.js'
import { LogsErrors } from '../../../core/errors.js'
import { DAY_MS, MAX_BATCH_BYTES, eventBytes, retentionCutoff } from '../../../core/model/log.js'

/** PutLogEvents refuses events more than 2 hours ahead of its clock... */
export const MAX_FUTURE_MS = 2 * 60 * 60 * 1000
/** ...or older than 14 days. */
export const MAX_AGE_MS = 14 * DAY_MS

/**
 * The checks that fail a whole PutLogEvents request (the model already bounds the count at
 * 10,000 and refuses empty messages): at most 1,048,576 bytes counting 26 per event, events in
 * chronological order, spanning at most 24 hours.
 */
export function checkLogEventBatch(events: readonly InputLogEvent[]): void {
  const bytes = events.reduce((sum, e) => sum + eventBytes(e.message), 0)
  if (bytes > MAX_BATCH_BYTES) throw LogsErrors.invalidParameter(`Upload too large: ${bytes} bytes exceeds limit of ${MAX_BATCH_BYTES}`)
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.timestamp < events[i - 1]!.timestamp) {
      throw LogsErrors.invalidParameter('Log events in a single PutLogEvents request must be in chronological order.')
    }
  }
  const first = events[0]
  const last = events[events.length - 1]
  if (first && last && last.timestamp - first.timestamp > DAY_MS) {
    throw LogsErrors.invalidParameter('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.')
  }
}

export interface EventVerdict {
  /** The accepted events are `events.slice(start, end)` (empty when start >= end). */
  start: number
  end: number
  rejected?: RejectedLogEventsInfo
}

/**
 * Which events of a chronological batch PutLogEvents stores, as AWS reports it in
 * rejectedLogEventsInfo: the too-old and the expired (older than the group's retention) form
 * a prefix, reported by their *exclusive* end index; the too-new form a suffix, reported by its
 * first, *inclusive*, index. The request still succeeds when every event is rejected.
 *
 * Worked example, now = day 20, retention 7 days, timestamps [day 1, day 10, day 19, day 21]:
 * day 1 is too old (> 14 d) → tooOldLogEventEndIndex 1; days 1 and 10 are past the retention
 * → expiredLogEventEndIndex 2; day 21 is > 2 h ahead → tooNewLogEventStartIndex 3. Stored:
 * the event of day 19 alone.
 */
export function classifyLogEvents(events: readonly InputLogEvent[], now: number, retentionInDays?: number): EventVerdict {
  const tooOldEnd = countWhile(events, (e) => e.timestamp < now - MAX_AGE_MS)
  const cutoff = retentionCutoff(retentionInDays, now)
  const expiredEnd = countWhile(events, (e) => e.timestamp < cutoff)
  const tooNewStart = events.findIndex((e) => e.timestamp > now + MAX_FUTURE_MS)
  const rejected: RejectedLogEventsInfo = {
    ...(tooNewStart >= 0 ? { tooNewLogEventStartIndex: tooNewStart } : {}),
    ...(tooOldEnd > 0 ? { tooOldLogEventEndIndex: tooOldEnd } : {}),
    ...(expiredEnd > 0 ? { expiredLogEventEndIndex: expiredEnd } : {}),
  }
  return {
    start: Math.max(tooOldEnd, expiredEnd),
    end: tooNewStart >= 0 ? tooNewStart : events.length,
    ...(Object.keys(rejected).length > 0 ? { rejected } : {}),
  }
}

function countWhile<T>(items: readonly T[], pred: (item: T) => boolean): number {
  let n = 0
  while (n < items.length && pred(items[n]!)) n++
  return n
}
