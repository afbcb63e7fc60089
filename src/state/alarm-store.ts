import type { AlarmHistoryRecord, AlarmRecord, AlarmState } from '../core/model/alarm.js'

/**
 * CloudWatch metric alarms (ReadTx/WriteTx `.alarms`) and their history (`.alarmHistory`).
 * Alarms are keyed by name, as CloudWatch keys them in a region; lists are ordered by name and
 * keyset-paged (`after` = the previous page's last name). Who writes which field is written on
 * AlarmRecord (src/core/model/alarm.ts).
 */
export interface AlarmReader {
  get(name: string): Promise<AlarmRecord | undefined>
  /** Alarms matching every filter given, ordered by name. */
  list(query: AlarmListQuery): Promise<AlarmRecord[]>
}

export interface AlarmListQuery {
  /** The previous page's last name. */
  after?: string | undefined
  limit: number
  /** Exactly these names (DescribeAlarms' AlarmNames). */
  names?: readonly string[] | undefined
  namePrefix?: string | undefined
  state?: AlarmState | undefined
  /** Alarms with an action (OK, ALARM or INSUFFICIENT_DATA) that starts with this (DescribeAlarms' ActionPrefix). */
  actionPrefix?: string | undefined
  /** Alarms on this metric (DescribeAlarmsForMetric narrows by dimensions and statistic itself). */
  metric?: { namespace: string; metricName: string } | undefined
  /** Alarms Application Auto Scaling made for this policy. */
  ownedByPolicyArn?: string | undefined
}

export interface AlarmRepo extends AlarmReader {
  /** Creates or replaces an alarm, by name. */
  put(alarm: AlarmRecord): Promise<void>
  delete(name: string): Promise<void>
}

/** A history entry as stored: `seq` orders entries of equal timestamp and keys the pages. */
export interface StoredAlarmHistory extends AlarmHistoryRecord {
  seq: number
}

/** The position of a history entry in time order: the previous page's last entry. */
export interface AlarmHistoryKey {
  timestamp: number
  seq: number
}

export interface AlarmHistoryQuery {
  alarmName?: string | undefined
  type?: AlarmHistoryRecord['type'] | undefined
  /** Epoch ms, inclusive. */
  startTime?: number | undefined
  /** Epoch ms, inclusive (DescribeAlarmHistory's EndDate). */
  endTime?: number | undefined
  /** CloudWatch's ScanBy: TimestampDescending (the default) is newest first. */
  order: 'newest' | 'oldest'
  after?: AlarmHistoryKey | undefined
  limit: number
}

export interface AlarmHistoryReader {
  list(query: AlarmHistoryQuery): Promise<StoredAlarmHistory[]>
}

export interface AlarmHistoryRepo extends AlarmHistoryReader {
  append(entry: AlarmHistoryRecord): Promise<void>
  /**
   * Deletes at most `limit` entries older than `before` (epoch ms), oldest first; returns how
   * many. CloudWatch keeps an alarm's history for 30 days, also after the alarm is deleted.
   */
  expire(before: number, limit: number): Promise<number>
}

/** How long CloudWatch keeps alarm history. */
export const ALARM_HISTORY_RETENTION_MS = 30 * 24 * 3600 * 1000
