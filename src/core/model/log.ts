import type { Partition } from '../config.js'

/**
 * CloudWatch Logs as Berth stores it: groups hold streams, streams hold events. All times are
 * epoch milliseconds, as on the Logs wire.
 *
 * Order: a stream's events are ordered by (timestamp, sequence). `sequence` is the stream's own
 * counter, assigned when an event is stored, so events with equal timestamps come back in the
 * order they were ingested. A group's events (FilterLogEvents) are ordered by
 * (timestamp, stream id, sequence): equal timestamps from different streams have no order in
 * AWS either, and this one is stable across pages.
 */
export interface LogGroupRecord {
  /** The store's key for the group; never on the wire. */
  id: number
  name: string
  creationTime: number
  /** Unset: events are kept forever. */
  retentionInDays?: number
  kmsKeyId?: string
  /** UTF-8 bytes of the messages the group holds (derived when read). */
  storedBytes: number
}

export interface LogStreamRecord {
  id: number
  groupId: number
  name: string
  creationTime: number
  /** Unset until the stream's first event. */
  firstEventTimestamp?: number
  lastEventTimestamp?: number
  lastIngestionTime?: number
  storedBytes: number
  /** The sequence the next stored event gets; starts at 1. */
  nextSequence: number
  /**
   * The highest shipper sequence number applied to this stream (appendLogEvents' `firstSequence`
   * bookkeeping), 0 when none: a batch re-sent after an agent reconnect is recognised by it.
   */
  shippedThrough: number
}

export interface LogEventRecord {
  streamId: number
  streamName: string
  sequence: number
  timestamp: number
  ingestionTime: number
  message: string
}

/** An event's place in a stream: (timestamp, sequence). */
export interface StreamEventKey {
  timestamp: number
  sequence: number
}

/** An event's place in a group: (timestamp, stream id, sequence). */
export interface GroupEventKey {
  timestamp: number
  streamId: number
  sequence: number
}

export interface NewLogEvent {
  timestamp: number
  message: string
}

/** AWS counts each event as its UTF-8 message plus 26 bytes against PutLogEvents' limits. */
export const EVENT_OVERHEAD_BYTES = 26
export const MAX_BATCH_BYTES = 1_048_576
export const MAX_BATCH_EVENTS = 10_000
export const DAY_MS = 24 * 60 * 60 * 1000

/** The values PutRetentionPolicy accepts (AWS added 1096 after the 2.9 CLI's docs were written). */
export const RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
]

export const eventBytes = (message: string): number => Buffer.byteLength(message, 'utf8') + EVENT_OVERHEAD_BYTES

/** The oldest timestamp a group with this retention still shows at `now`; 0 keeps everything. */
export const retentionCutoff = (retentionInDays: number | undefined, now: number): number =>
  retentionInDays === undefined ? 0 : Math.max(0, now - retentionInDays * DAY_MS)

/** Log group names: 1–512 of `[.\-_/#A-Za-z0-9]`. The model's pattern is unanchored; this one is whole. */
export const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/
/** Log stream names: 1–512 characters, none of them ':' or '*'. */
export const isLogStreamName = (name: string): boolean => name.length >= 1 && name.length <= 512 && !/[:*]/.test(name)

/**
 * Log ARNs:
 *   arn:aws:logs:<region>:<account>:log-group:<name>:*                      (LogGroup.arn)
 *   arn:aws:logs:<region>:<account>:log-group:<name>                        (LogGroup.logGroupArn, tagging)
 *   arn:aws:logs:<region>:<account>:log-group:<name>:log-stream:<stream>    (LogStream.arn)
 */
export class LogsArns {
  readonly #prefix: string
  constructor(readonly partition: Partition) {
    this.#prefix = `arn:aws:logs:${partition.region}:${partition.accountId}:log-group:`
  }
  group = (name: string) => `${this.#prefix}${name}`
  groupWildcard = (name: string) => `${this.#prefix}${name}:*`
  stream = (group: string, stream: string) => `${this.#prefix}${group}:log-stream:${stream}`

  /** The group name in a log-group ARN of this region and account (with or without `:*`), else undefined. */
  groupNameOf(arn: string): string | undefined {
    if (!arn.startsWith(this.#prefix)) return undefined
    const rest = arn.slice(this.#prefix.length)
    const name = rest.endsWith(':*') ? rest.slice(0, -2) : rest
    return LOG_GROUP_NAME.test(name) ? name : undefined
  }
}
