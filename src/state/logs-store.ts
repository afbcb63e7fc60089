import type {
  GroupEventKey,
  LogEventRecord,
  LogGroupRecord,
  LogStreamRecord,
  NewLogEvent,
  StreamEventKey,
} from '../core/model/log.js'

/**
 * The CloudWatch Logs part of the store (ReadTx.logs / WriteTx.logs). Groups and streams are
 * found by name; events are read in their order (see core/model/log.ts) from a keyset cursor.
 * `minTimestamp` is the retention cutoff the caller computed: older events are never returned.
 */
export interface LogsReader {
  group(name: string): Promise<LogGroupRecord | undefined>
  /** Ordered by name. `nameContains` is a case-sensitive substring match. */
  groups(q: { after?: string | undefined; limit: number; namePrefix?: string | undefined; nameContains?: string | undefined }): Promise<LogGroupRecord[]>
  stream(groupId: number, name: string): Promise<LogStreamRecord | undefined>
  streams(q: StreamListQuery): Promise<LogStreamRecord[]>
  /**
   * One stream's events in [startTime, endTime). `forward` reads keys above `from` in ascending
   * order; `backward` reads keys below `from` in descending order (the caller reverses them).
   */
  streamEvents(q: StreamEventsQuery): Promise<LogEventRecord[]>
  /**
   * Reads at most `limit` of a group's events in [startTime, endTime) with keys above `after`,
   * in group order, and returns those of the selected streams (`streamIds`, `streamNamePrefix`)
   * with the key of the last one read. Bounded by `limit` whatever the selection: a prefix that
   * matches one small stream of a huge group costs `limit` rows per call, never the group.
   */
  groupEvents(q: GroupEventsQuery): Promise<GroupEventsPage>
}

export interface LogsRepo extends LogsReader {
  createGroup(group: Omit<LogGroupRecord, 'id' | 'storedBytes'>): Promise<LogGroupRecord>
  /** Sets or clears (undefined) a group's retention. */
  setRetention(groupId: number, retentionInDays: number | undefined): Promise<void>
  /** Deletes a group with all its streams and events. */
  deleteGroup(groupId: number): Promise<void>
  createStream(groupId: number, name: string, creationTime: number): Promise<LogStreamRecord>
  /** Deletes a stream with all its events. */
  deleteStream(streamId: number): Promise<void>
  /**
   * Stores events at the end of a stream, in the order given, with sequences from the stream's
   * counter; updates the stream's first/last timestamps, ingestion time and bytes.
   */
  appendEvents(streamId: number, events: readonly NewLogEvent[], ingestionTime: number): Promise<void>
  /** Records the highest shipper sequence applied to a stream (see appendLogEvents). */
  setShippedThrough(streamId: number, sequence: number): Promise<void>
  /**
   * Deletes at most `limit` of the events older than `minTimestamp` (oldest first) from one
   * stream or from a whole group, and takes their bytes off their streams. Returns how many:
   * fewer than `limit` when none is left. Bounded so that one transaction never deletes a
   * group's worth of events (about 2.5 µs each, all of it on the event loop).
   */
  expireEvents(scope: { streamId: number } | { groupId: number }, minTimestamp: number, limit: number): Promise<number>
}

export type LogStreamKey = { name: string } | { lastEventTimestamp: number; name: string }

export interface StreamListQuery {
  groupId: number
  namePrefix?: string | undefined
  orderBy: 'LogStreamName' | 'LastEventTime'
  descending: boolean
  /** The previous page's last stream: its name, or (lastEventTimestamp, name) by LastEventTime, where no event = -1. */
  after?: LogStreamKey | undefined
  limit: number
}

export interface StreamEventsQuery {
  streamId: number
  startTime: number
  /** Exclusive. */
  endTime: number
  minTimestamp: number
  direction: 'forward' | 'backward'
  /** Exclusive bound: above it going forward, below it going backward. None: from the range's edge. */
  from?: StreamEventKey | undefined
  limit: number
}

export interface GroupEventsPage {
  /** The events read that belong to the selected streams, in group order. */
  events: LogEventRecord[]
  /** The last event read, selected or not, where the next call starts; undefined if none was. */
  last: GroupEventKey | undefined
  /** Fewer than `limit` were read: nothing is left in the range. */
  done: boolean
  /** The length of the messages read, selected or not: what the read cost, to size the next. */
  readChars: number
}

export interface GroupEventsQuery {
  groupId: number
  /** Only these streams (ids); unset: every stream of the group. */
  streamIds?: readonly number[] | undefined
  streamNamePrefix?: string | undefined
  startTime: number
  endTime: number
  minTimestamp: number
  after?: GroupEventKey | undefined
  limit: number
}
