import type * as Cw from '../../../core/aws-model/cloudwatch.types.js'
import type { AlarmHistoryKey } from '../../../state/alarm-store.js'
import { wireTime, type CloudWatchOperation } from '../deps.js'
import { decodeToken, encodeToken, historyItemOf, maxRecords } from './wire.js'

const isKey = (v: unknown): v is AlarmHistoryKey =>
  typeof v === 'object' && v !== null && Number.isInteger((v as AlarmHistoryKey).timestamp) && Number.isInteger((v as AlarmHistoryKey).seq)

/**
 * DescribeAlarmHistory: the last 30 days of one alarm's or every alarm's history, newest first
 * unless ScanBy says TimestampAscending, 100 a page by default. Entries of deleted alarms stay
 * until they age out, as on CloudWatch. Only metric alarms have history here (no composites).
 */
export const describeAlarmHistory: CloudWatchOperation<Cw.DescribeAlarmHistoryInput, Cw.DescribeAlarmHistoryOutput> = async (input, deps) => {
  const limit = maxRecords(input.MaxRecords, 100)
  const after = input.NextToken === undefined ? undefined : decodeToken(input.NextToken, isKey)
  if (input.AlarmTypes !== undefined && !input.AlarmTypes.includes('MetricAlarm')) return { AlarmHistoryItems: [] }
  const type = input.HistoryItemType
  if (type === 'AlarmContributorStateUpdate' || type === 'AlarmContributorAction') return { AlarmHistoryItems: [] }
  const page = await deps.store.read((tx) =>
    tx.alarmHistory.list({
      alarmName: input.AlarmName,
      type,
      startTime: input.StartDate === undefined ? undefined : wireTime(input.StartDate),
      endTime: input.EndDate === undefined ? undefined : wireTime(input.EndDate),
      order: input.ScanBy === 'TimestampAscending' ? 'oldest' : 'newest',
      after,
      limit: limit + 1,
    }),
  )
  const shown = page.slice(0, limit)
  const last = shown[shown.length - 1]
  const next = page.length > limit && last ? { NextToken: encodeToken({ timestamp: last.timestamp, seq: last.seq }) } : {}
  return { AlarmHistoryItems: shown.map(historyItemOf), ...next }
}
