import type { FilteredLogEvent, LogGroup, LogStream, OutputLogEvent } from '../../core/aws-model/logs.types.js'
import type { LogEventRecord, LogGroupRecord, LogStreamRecord, LogsArns } from '../../core/model/log.js'

/** LogGroup as Logs answers it. Every group Berth keeps is of the STANDARD class. */
export const viewGroup = (g: LogGroupRecord, arns: LogsArns): LogGroup => ({
  logGroupName: g.name,
  creationTime: g.creationTime,
  ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
  metricFilterCount: 0,
  arn: arns.groupWildcard(g.name),
  storedBytes: g.storedBytes,
  ...(g.kmsKeyId !== undefined ? { kmsKeyId: g.kmsKeyId } : {}),
  logGroupClass: 'STANDARD',
  logGroupArn: arns.group(g.name),
})

/** LogStream as Logs answers it. AWS has reported a stream's storedBytes as 0 since 2019; so does Berth. */
export const viewStream = (s: LogStreamRecord, groupName: string, arns: LogsArns): LogStream => ({
  logStreamName: s.name,
  creationTime: s.creationTime,
  ...(s.firstEventTimestamp !== undefined ? { firstEventTimestamp: s.firstEventTimestamp } : {}),
  ...(s.lastEventTimestamp !== undefined ? { lastEventTimestamp: s.lastEventTimestamp } : {}),
  ...(s.lastIngestionTime !== undefined ? { lastIngestionTime: s.lastIngestionTime } : {}),
  uploadSequenceToken: sequenceToken(s.nextSequence),
  arn: arns.stream(groupName, s.name),
  storedBytes: 0,
})

/** Sequence tokens are ignored on input nowadays; Berth still hands out AWS-looking ones (56 digits). */
export const sequenceToken = (nextSequence: number): string => String(nextSequence).padStart(56, '0')

export const viewOutputEvent = (e: LogEventRecord): OutputLogEvent => ({
  timestamp: e.timestamp,
  message: e.message,
  ingestionTime: e.ingestionTime,
})

export const viewFilteredEvent = (e: LogEventRecord): FilteredLogEvent => ({
  logStreamName: e.streamName,
  timestamp: e.timestamp,
  message: e.message,
  ingestionTime: e.ingestionTime,
  eventId: eventId(e),
})

/**
 * 56 digits, like AWS's: timestamp (20), stream id (16), sequence (20). Unique in a group, and
 * stable: `aws logs tail --follow` de-duplicates the events of one timestamp by it.
 */
export const eventId = (e: Pick<LogEventRecord, 'timestamp' | 'streamId' | 'sequence'>): string =>
  String(e.timestamp).padStart(20, '0') + String(e.streamId).padStart(16, '0') + String(e.sequence).padStart(20, '0')
