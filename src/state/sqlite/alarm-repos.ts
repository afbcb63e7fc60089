import type Database from 'better-sqlite3'
import type { AlarmHistoryRecord, AlarmRecord } from '../../core/model/alarm.js'
import type { AlarmHistoryRepo, AlarmRepo, StoredAlarmHistory } from '../alarm-store.js'
import type { WriteContext } from './write-context.js'

type Doc = { doc: string } | undefined
const parse = <T>(row: Doc): T | undefined => (row ? (JSON.parse(row.doc) as T) : undefined)
const parseAll = <T>(rows: unknown[]): T[] => (rows as { doc: string }[]).map((r) => JSON.parse(r.doc) as T)
/** An upper bound for prefix matching without LIKE (which is case-insensitive): every string with the prefix sorts below it. */
const prefixEnd = (prefix: string) => prefix + '\u{10FFFF}'

/** The alarms table of its migration: one document per name, with the columns lists filter on. */
export function alarmRepo(db: Database.Database, ctx: WriteContext): AlarmRepo {
  const get = db.prepare(`SELECT doc FROM alarms WHERE name = ?`)
  // An action matches when any of the three action lists has one starting with the prefix.
  const anyAction = `EXISTS (SELECT 1 FROM json_each(doc, '$.alarmActions') a WHERE a.value >= :action AND a.value < :actionEnd
     UNION ALL SELECT 1 FROM json_each(doc, '$.okActions') a WHERE a.value >= :action AND a.value < :actionEnd
     UNION ALL SELECT 1 FROM json_each(doc, '$.insufficientDataActions') a WHERE a.value >= :action AND a.value < :actionEnd)`
  const list = db.prepare(
    `SELECT doc FROM alarms
     WHERE name > :after AND name >= :prefix AND name < :prefixEnd
       AND (:names IS NULL OR name IN (SELECT value FROM json_each(:names)))
       AND (:state IS NULL OR state = :state)
       AND (:action IS NULL OR ${anyAction})
       AND (:namespace IS NULL OR (namespace = :namespace AND metric_name = :metricName))
       AND (:owner IS NULL OR owned_by = :owner)
     ORDER BY name LIMIT :limit`,
  )
  const put = db.prepare(
    `INSERT INTO alarms (name, state, namespace, metric_name, owned_by, doc, modified_index)
     VALUES (:name, :state, :namespace, :metricName, :owner, :doc, :index)
     ON CONFLICT (name) DO UPDATE SET state = excluded.state, namespace = excluded.namespace,
       metric_name = excluded.metric_name, owned_by = excluded.owned_by, doc = excluded.doc,
       modified_index = excluded.modified_index`,
  )
  const remove = db.prepare(`DELETE FROM alarms WHERE name = ?`)
  return {
    get: async (name) => parse<AlarmRecord>(get.get(name) as Doc),
    list: async (q) => {
      const prefix = q.namePrefix ?? ''
      const action = q.actionPrefix ?? null
      return parseAll(
        list.all({
          after: q.after ?? '',
          prefix,
          prefixEnd: prefixEnd(prefix),
          names: q.names ? JSON.stringify(q.names) : null,
          state: q.state ?? null,
          action,
          actionEnd: action === null ? null : prefixEnd(action),
          namespace: q.metric?.namespace ?? null,
          metricName: q.metric?.metricName ?? null,
          owner: q.ownedByPolicyArn ?? null,
          limit: q.limit,
        }),
      )
    },
    put: async (a) =>
      void put.run({
        name: a.name,
        state: a.stateValue,
        namespace: a.namespace,
        metricName: a.metricName,
        owner: a.ownedByPolicyArn ?? null,
        doc: JSON.stringify(a),
        index: ctx.touch('alarms'),
      }),
    delete: async (name) => {
      ctx.touch('alarms')
      remove.run(name)
    },
  }
}

interface HistoryRow {
  seq: number
  alarm_name: string
  timestamp: number
  type: AlarmHistoryRecord['type']
  summary: string
  data: string
}
const toHistory = (r: HistoryRow): StoredAlarmHistory => ({
  seq: r.seq,
  alarmName: r.alarm_name,
  timestamp: r.timestamp,
  type: r.type,
  summary: r.summary,
  data: r.data,
})

/** Alarm history: append-only rows, read in time order either way from a keyset cursor, expired by age. */
export function alarmHistoryRepo(db: Database.Database, ctx: WriteContext): AlarmHistoryRepo {
  const filters = `(:name IS NULL OR alarm_name = :name) AND (:type IS NULL OR type = :type)
     AND timestamp >= :start AND timestamp <= :end`
  const newest = db.prepare(
    `SELECT * FROM alarm_history WHERE ${filters} AND (timestamp, seq) < (:ts, :seq)
     ORDER BY timestamp DESC, seq DESC LIMIT :limit`,
  )
  const oldest = db.prepare(
    `SELECT * FROM alarm_history WHERE ${filters} AND (timestamp, seq) > (:ts, :seq)
     ORDER BY timestamp, seq LIMIT :limit`,
  )
  const insert = db.prepare(`INSERT INTO alarm_history (alarm_name, timestamp, type, summary, data) VALUES (?, ?, ?, ?, ?)`)
  const expire = db.prepare(
    `DELETE FROM alarm_history WHERE seq IN (SELECT seq FROM alarm_history WHERE timestamp < ? ORDER BY timestamp, seq LIMIT ?)`,
  )
  return {
    list: async (q) => {
      const descending = q.order === 'newest'
      const params = {
        name: q.alarmName ?? null,
        type: q.type ?? null,
        start: q.startTime ?? Number.MIN_SAFE_INTEGER,
        end: q.endTime ?? Number.MAX_SAFE_INTEGER,
        ts: q.after?.timestamp ?? (descending ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER),
        seq: q.after?.seq ?? (descending ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER),
        limit: q.limit,
      }
      return ((descending ? newest : oldest).all(params) as HistoryRow[]).map(toHistory)
    },
    append: async (e) => {
      ctx.touch('alarmHistory')
      insert.run(e.alarmName, e.timestamp, e.type, e.summary, e.data)
    },
    expire: async (before, limit) => {
      const { changes } = expire.run(before, limit)
      if (changes > 0) ctx.touch('alarmHistory')
      return changes
    },
  }
}
