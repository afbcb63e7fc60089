import type Database from 'better-sqlite3'
import type { LogEventRecord, LogGroupRecord, LogStreamRecord } from '../../core/model/log.js'
import type { LogsRepo } from '../logs-store.js'

/**
 * The SQLite side of LogsRepo, over the log_* tables of migration 2. Keyset cursors are row
 * values compared against the order's columns, so each page is one index range scan.
 */
export function logsRepo(db: Database.Database): LogsRepo {
  const groupColumns = `g.id, g.name, g.creation_time, g.retention_days, g.kms_key_id,
    (SELECT IFNULL(SUM(s.stored_bytes), 0) FROM log_streams s WHERE s.group_id = g.id) AS stored_bytes`
  const getGroup = db.prepare(`SELECT ${groupColumns} FROM log_groups g WHERE g.name = ?`)
  const listGroups = db.prepare(
    `SELECT ${groupColumns} FROM log_groups g
     WHERE g.name > :after AND g.name >= :prefix AND g.name < :prefixEnd
       AND (:contains IS NULL OR instr(g.name, :contains) > 0)
     ORDER BY g.name LIMIT :limit`,
  )
  const insertGroup = db.prepare(
    `INSERT INTO log_groups (name, creation_time, retention_days, kms_key_id) VALUES (:name, :creationTime, :retention, :kms)`,
  )
  const setRetention = db.prepare(`UPDATE log_groups SET retention_days = ? WHERE id = ?`)
  const deleteGroup = db.prepare(`DELETE FROM log_groups WHERE id = ?`)

  const getStream = db.prepare(`SELECT * FROM log_streams WHERE group_id = ? AND name = ?`)
  const getStreamById = db.prepare(`SELECT * FROM log_streams WHERE id = ?`)
  const byName = `group_id = :group AND name >= :prefix AND name < :prefixEnd`
  const lastEvent = `IFNULL(last_event_ts, -1)`
  const listStreams = {
    nameAsc: db.prepare(`SELECT * FROM log_streams WHERE ${byName} AND name > :after ORDER BY name LIMIT :limit`),
    nameDesc: db.prepare(
      `SELECT * FROM log_streams WHERE ${byName} AND (:after IS NULL OR name < :after) ORDER BY name DESC LIMIT :limit`,
    ),
    timeAsc: db.prepare(
      `SELECT * FROM log_streams WHERE group_id = :group AND (${lastEvent}, name) > (:ts, :after)
       ORDER BY ${lastEvent}, name LIMIT :limit`,
    ),
    timeDesc: db.prepare(
      `SELECT * FROM log_streams WHERE group_id = :group AND (${lastEvent}, name) < (:ts, :after)
       ORDER BY ${lastEvent} DESC, name DESC LIMIT :limit`,
    ),
  }
  const insertStream = db.prepare(`INSERT INTO log_streams (group_id, name, creation_time) VALUES (?, ?, ?)`)
  const deleteStream = db.prepare(`DELETE FROM log_streams WHERE id = ?`)
  const setShipped = db.prepare(`UPDATE log_streams SET shipped_through = MAX(shipped_through, ?) WHERE id = ?`)

  const eventColumns = `e.stream_id, s.name AS stream_name, e.seq, e.timestamp, e.ingestion_time, e.message`
  // The bound in the reading direction is one row value, the start key clamped to the time
  // range in code: SQLite then seeks straight to it. With a separate `timestamp >= :lo` beside
  // it, the planner seeks by timestamp alone and rescans every event of the cursor's
  // millisecond on each page (quadratic under bursts of equal timestamps).
  const streamForward = db.prepare(
    `SELECT ${eventColumns} FROM log_events e JOIN log_streams s ON s.id = e.stream_id
     WHERE e.stream_id = :stream AND (e.timestamp, e.seq) > (:ts, :seq) AND e.timestamp < :hi
     ORDER BY e.timestamp, e.seq LIMIT :limit`,
  )
  const streamBackward = db.prepare(
    `SELECT ${eventColumns} FROM log_events e JOIN log_streams s ON s.id = e.stream_id
     WHERE e.stream_id = :stream AND (e.timestamp, e.seq) < (:ts, :seq) AND e.timestamp >= :lo
     ORDER BY e.timestamp DESC, e.seq DESC LIMIT :limit`,
  )
  // The inner query reads `limit` events of the group in order; the stream selection filters
  // them afterwards, so a selection that matches few of a group's events still costs `limit`
  // rows per call and the caller's cursor moves on over the rest (GroupEventsPage.last).
  const groupScan = db.prepare(
    `SELECT x.stream_id, s.name AS stream_name, x.seq, x.timestamp, x.ingestion_time, x.message,
       (:ids IS NULL OR x.stream_id IN (SELECT value FROM json_each(:ids)))
         AND (:prefix IS NULL OR (s.name >= :prefix AND s.name < :prefixEnd)) AS selected
     FROM (SELECT stream_id, seq, timestamp, ingestion_time, message FROM log_events
           WHERE group_id = :group AND (timestamp, stream_id, seq) > (:ts, :sid, :seq) AND timestamp < :hi
           ORDER BY timestamp, stream_id, seq LIMIT :limit) x
     JOIN log_streams s ON s.id = x.stream_id
     ORDER BY x.timestamp, x.stream_id, x.seq`,
  )
  const insertEvent = db.prepare(
    `INSERT INTO log_events (stream_id, seq, group_id, timestamp, ingestion_time, message) VALUES (?, ?, ?, ?, ?, ?)`,
  )
  const updateStreamStats = db.prepare(
    `UPDATE log_streams SET next_seq = :next, stored_bytes = stored_bytes + :bytes,
       first_event_ts = MIN(IFNULL(first_event_ts, :first), :first),
       last_event_ts = MAX(IFNULL(last_event_ts, :last), :last),
       last_ingestion_time = :ingestion
     WHERE id = :id`,
  )
  const expired = `SELECT stream_id, seq, length(CAST(message AS BLOB)) AS b FROM log_events`
  const expiredInStream = db.prepare(`${expired} WHERE stream_id = ? AND timestamp < ? ORDER BY timestamp LIMIT ?`)
  const expiredInGroup = db.prepare(`${expired} WHERE group_id = ? AND timestamp < ? ORDER BY timestamp LIMIT ?`)
  const deleteEvent = db.prepare(`DELETE FROM log_events WHERE stream_id = ? AND seq = ?`)
  const subtractBytes = db.prepare(`UPDATE log_streams SET stored_bytes = MAX(0, stored_bytes - ?) WHERE id = ?`)

  return {
    group: async (name) => toGroup(getGroup.get(name) as GroupRow | undefined),
    groups: async ({ after, limit, namePrefix, nameContains }) => {
      const prefix = namePrefix ?? ''
      const rows = listGroups.all({ after: after ?? '', prefix, prefixEnd: prefixEnd(prefix), contains: nameContains ?? null, limit })
      return (rows as GroupRow[]).map((r) => toGroup(r)!)
    },
    createGroup: async (g) => {
      const { lastInsertRowid } = insertGroup.run({
        name: g.name,
        creationTime: g.creationTime,
        retention: g.retentionInDays ?? null,
        kms: g.kmsKeyId ?? null,
      })
      return { ...g, id: Number(lastInsertRowid), storedBytes: 0 }
    },
    setRetention: async (groupId, days) => void setRetention.run(days ?? null, groupId),
    deleteGroup: async (groupId) => void deleteGroup.run(groupId),

    stream: async (groupId, name) => toStream(getStream.get(groupId, name) as StreamRow | undefined),
    streams: async ({ groupId, namePrefix, orderBy, descending, after, limit }) => {
      const prefix = namePrefix ?? ''
      let rows: unknown[]
      if (orderBy === 'LogStreamName') {
        const stmt = descending ? listStreams.nameDesc : listStreams.nameAsc
        rows = stmt.all({ group: groupId, prefix, prefixEnd: prefixEnd(prefix), after: after?.name ?? (descending ? null : ''), limit })
      } else {
        const key = after && 'lastEventTimestamp' in after ? after : undefined
        const stmt = descending ? listStreams.timeDesc : listStreams.timeAsc
        const ts = key?.lastEventTimestamp ?? (descending ? Number.MAX_SAFE_INTEGER : -2)
        rows = stmt.all({ group: groupId, ts, after: key?.name ?? '', limit })
      }
      return (rows as StreamRow[]).map((r) => toStream(r)!)
    },
    createStream: async (groupId, name, creationTime) => {
      const { lastInsertRowid } = insertStream.run(groupId, name, creationTime)
      return toStream(getStreamById.get(Number(lastInsertRowid)) as StreamRow)!
    },
    deleteStream: async (streamId) => void deleteStream.run(streamId),
    setShippedThrough: async (streamId, sequence) => void setShipped.run(sequence, streamId),

    streamEvents: async ({ streamId, startTime, endTime, minTimestamp, direction, from, limit }) => {
      const lo = Math.max(startTime, minTimestamp)
      // Sequences start at 1 and stream ids at 1, so (lo, 0) sorts below every event at lo and
      // (hi, 0) below every event at hi: they are the range's edges as keys.
      if (direction === 'forward') {
        const start = !from || from.timestamp < lo ? { timestamp: lo, sequence: 0 } : from
        const rows = streamForward.all({ stream: streamId, ts: start.timestamp, seq: start.sequence, hi: endTime, limit })
        return (rows as EventRow[]).map(toEvent)
      }
      const end = !from || from.timestamp >= endTime ? { timestamp: endTime, sequence: 0 } : from
      const rows = streamBackward.all({ stream: streamId, ts: end.timestamp, seq: end.sequence, lo, limit })
      return (rows as EventRow[]).map(toEvent)
    },
    groupEvents: async ({ groupId, streamIds, streamNamePrefix, startTime, endTime, minTimestamp, after, limit }) => {
      const lo = Math.max(startTime, minTimestamp)
      const start = !after || after.timestamp < lo ? { timestamp: lo, streamId: 0, sequence: 0 } : after
      const rows = groupScan.all({
        group: groupId,
        hi: endTime,
        ts: start.timestamp,
        sid: start.streamId,
        seq: start.sequence,
        ids: streamIds ? JSON.stringify(streamIds) : null,
        prefix: streamNamePrefix ?? null,
        prefixEnd: streamNamePrefix === undefined ? null : prefixEnd(streamNamePrefix),
        limit,
      }) as (EventRow & { selected: number })[]
      const last = rows[rows.length - 1]
      return {
        events: rows.filter((r) => r.selected === 1).map(toEvent),
        last: last && { timestamp: last.timestamp, streamId: last.stream_id, sequence: last.seq },
        done: rows.length < limit,
        readChars: rows.reduce((n, r) => n + r.message.length, 0),
      }
    },
    appendEvents: async (streamId, events, ingestionTime) => {
      if (events.length === 0) return
      const stream = getStreamById.get(streamId) as StreamRow | undefined
      if (!stream) throw new Error(`log stream ${streamId} does not exist`)
      let seq = stream.next_seq
      let stored = 0
      let first = Number.MAX_SAFE_INTEGER
      let last = -1
      for (const e of events) {
        insertEvent.run(streamId, seq++, stream.group_id, e.timestamp, ingestionTime, e.message)
        stored += Buffer.byteLength(e.message, 'utf8')
        first = Math.min(first, e.timestamp)
        last = Math.max(last, e.timestamp)
      }
      updateStreamStats.run({ id: streamId, next: seq, bytes: stored, first, last, ingestion: ingestionTime })
    },
    expireEvents: async (scope, minTimestamp, limit) => {
      const found = (
        'streamId' in scope ? expiredInStream.all(scope.streamId, minTimestamp, limit) : expiredInGroup.all(scope.groupId, minTimestamp, limit)
      ) as { stream_id: number; seq: number; b: number }[]
      const bytesByStream = new Map<number, number>()
      for (const row of found) {
        deleteEvent.run(row.stream_id, row.seq)
        bytesByStream.set(row.stream_id, (bytesByStream.get(row.stream_id) ?? 0) + row.b)
      }
      for (const [streamId, b] of bytesByStream) subtractBytes.run(b, streamId)
      return found.length
    },
  }
}

/** An upper bound for LIKE-free prefix matching: every string with the prefix sorts below it. */
const prefixEnd = (prefix: string) => prefix + '\u{10FFFF}'

interface GroupRow {
  id: number
  name: string
  creation_time: number
  retention_days: number | null
  kms_key_id: string | null
  stored_bytes: number
}

interface StreamRow {
  id: number
  group_id: number
  name: string
  creation_time: number
  first_event_ts: number | null
  last_event_ts: number | null
  last_ingestion_time: number | null
  stored_bytes: number
  next_seq: number
  shipped_through: number
}

interface EventRow {
  stream_id: number
  stream_name: string
  seq: number
  timestamp: number
  ingestion_time: number
  message: string
}

function toGroup(r: GroupRow | undefined): LogGroupRecord | undefined {
  if (!r) return undefined
  return {
    id: r.id,
    name: r.name,
    creationTime: r.creation_time,
    ...(r.retention_days !== null ? { retentionInDays: r.retention_days } : {}),
    ...(r.kms_key_id !== null ? { kmsKeyId: r.kms_key_id } : {}),
    storedBytes: r.stored_bytes,
  }
}

function toStream(r: StreamRow | undefined): LogStreamRecord | undefined {
  if (!r) return undefined
  return {
    id: r.id,
    groupId: r.group_id,
    name: r.name,
    creationTime: r.creation_time,
    ...(r.first_event_ts !== null ? { firstEventTimestamp: r.first_event_ts } : {}),
    ...(r.last_event_ts !== null ? { lastEventTimestamp: r.last_event_ts } : {}),
    ...(r.last_ingestion_time !== null ? { lastIngestionTime: r.last_ingestion_time } : {}),
    storedBytes: r.stored_bytes,
    nextSequence: r.next_seq,
    shippedThrough: r.shipped_through,
  }
}

const toEvent = (r: EventRow): LogEventRecord => ({
  streamId: r.stream_id,
  streamName: r.stream_name,
  sequence: r.seq,
  timestamp: r.timestamp,
  ingestionTime: r.ingestion_time,
  message: r.message,
})
