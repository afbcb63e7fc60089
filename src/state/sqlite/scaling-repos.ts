import type Database from 'better-sqlite3'
import type { ScalableTargetRecord, ScalingActivityRecord, ScalingPolicyRecord, ScheduledActionRecord } from '../../core/model/scaling.js'
import { SCALING_ACTIVITIES_KEPT, type ScalableTargetRepo, type ScalingActivityRepo, type ScalingPolicyRepo, type ScheduledActionRepo } from '../scaling-store.js'
import type { WriteContext } from './write-context.js'

type Doc = { doc: string } | undefined
const parse = <T>(row: Doc): T | undefined => (row ? (JSON.parse(row.doc) as T) : undefined)
const parseAll = <T>(rows: unknown[]): T[] => (rows as { doc: string }[]).map((r) => JSON.parse(r.doc) as T)

/** The Application Auto Scaling tables (migrations.ts, "Application Auto Scaling"); every write stamps its table's index. */
export function scalableTargetRepo(db: Database.Database, ctx: WriteContext): ScalableTargetRepo {
  const get = db.prepare(`SELECT doc FROM scalable_targets WHERE resource_id = ?`)
  const byArn = db.prepare(`SELECT doc FROM scalable_targets WHERE arn = ?`)
  const list = db.prepare(`SELECT doc FROM scalable_targets ORDER BY resource_id`)
  const put = db.prepare(
    `INSERT INTO scalable_targets (resource_id, arn, doc, modified_index) VALUES (?, ?, ?, ?)
     ON CONFLICT (resource_id) DO UPDATE SET arn = excluded.arn, doc = excluded.doc, modified_index = excluded.modified_index`,
  )
  const remove = db.prepare(`DELETE FROM scalable_targets WHERE resource_id = ?`)
  return {
    get: async (id) => parse<ScalableTargetRecord>(get.get(id) as Doc),
    byArn: async (arn) => parse<ScalableTargetRecord>(byArn.get(arn) as Doc),
    list: async () => parseAll(list.all()),
    put: async (t) => void put.run(t.resourceId, t.arn, JSON.stringify(t), ctx.touch('scalableTargets')),
    delete: async (id) => {
      ctx.touch('scalableTargets')
      remove.run(id)
    },
  }
}

export function scalingPolicyRepo(db: Database.Database, ctx: WriteContext): ScalingPolicyRepo {
  const get = db.prepare(`SELECT doc FROM scaling_policies WHERE resource_id = ? AND name = ?`)
  const byArn = db.prepare(`SELECT doc FROM scaling_policies WHERE arn = ?`)
  const list = db.prepare(`SELECT doc FROM scaling_policies ORDER BY resource_id, name`)
  const listFor = db.prepare(`SELECT doc FROM scaling_policies WHERE resource_id = ? ORDER BY name`)
  const put = db.prepare(
    `INSERT INTO scaling_policies (resource_id, name, arn, doc, modified_index) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (resource_id, name) DO UPDATE SET arn = excluded.arn, doc = excluded.doc, modified_index = excluded.modified_index`,
  )
  const remove = db.prepare(`DELETE FROM scaling_policies WHERE resource_id = ? AND name = ?`)
  return {
    get: async (id, name) => parse<ScalingPolicyRecord>(get.get(id, name) as Doc),
    byArn: async (arn) => parse<ScalingPolicyRecord>(byArn.get(arn) as Doc),
    list: async (id) => parseAll(id === undefined ? list.all() : listFor.all(id)),
    put: async (p) => void put.run(p.resourceId, p.name, p.arn, JSON.stringify(p), ctx.touch('scalingPolicies')),
    delete: async (id, name) => {
      ctx.touch('scalingPolicies')
      remove.run(id, name)
    },
  }
}

export function scheduledActionRepo(db: Database.Database, ctx: WriteContext): ScheduledActionRepo {
  const get = db.prepare(`SELECT doc FROM scheduled_actions WHERE resource_id = ? AND name = ?`)
  const list = db.prepare(`SELECT doc FROM scheduled_actions ORDER BY resource_id, name`)
  const listFor = db.prepare(`SELECT doc FROM scheduled_actions WHERE resource_id = ? ORDER BY name`)
  const put = db.prepare(
    `INSERT INTO scheduled_actions (resource_id, name, doc, modified_index) VALUES (?, ?, ?, ?)
     ON CONFLICT (resource_id, name) DO UPDATE SET doc = excluded.doc, modified_index = excluded.modified_index`,
  )
  const remove = db.prepare(`DELETE FROM scheduled_actions WHERE resource_id = ? AND name = ?`)
  return {
    get: async (id, name) => parse<ScheduledActionRecord>(get.get(id, name) as Doc),
    list: async (id) => parseAll(id === undefined ? list.all() : listFor.all(id)),
    put: async (a) => void put.run(a.resourceId, a.name, JSON.stringify(a), ctx.touch('scheduledActions')),
    delete: async (id, name) => {
      ctx.touch('scheduledActions')
      remove.run(id, name)
    },
  }
}

export function scalingActivityRepo(db: Database.Database, ctx: WriteContext): ScalingActivityRepo {
  const list = db.prepare(`SELECT doc FROM scaling_activities ORDER BY start_time DESC, id DESC LIMIT ?`)
  const listFor = db.prepare(`SELECT doc FROM scaling_activities WHERE resource_id = ? ORDER BY start_time DESC, id DESC LIMIT ?`)
  const put = db.prepare(
    `INSERT INTO scaling_activities (id, resource_id, start_time, doc, modified_index) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, modified_index = excluded.modified_index`,
  )
  const prune = db.prepare(
    `DELETE FROM scaling_activities WHERE resource_id = ? AND id NOT IN
       (SELECT id FROM scaling_activities WHERE resource_id = ? ORDER BY start_time DESC, id DESC LIMIT ?)`,
  )
  const removeFor = db.prepare(`DELETE FROM scaling_activities WHERE resource_id = ?`)
  return {
    list: async (q) => parseAll<ScalingActivityRecord>(q.resourceId === undefined ? list.all(q.limit) : listFor.all(q.resourceId, q.limit)),
    put: async (a) => {
      put.run(a.id, a.resourceId, a.startTime, JSON.stringify(a), ctx.touch('scalingActivities'))
      prune.run(a.resourceId, a.resourceId, SCALING_ACTIVITIES_KEPT)
    },
    deleteForTarget: async (id) => {
      ctx.touch('scalingActivities')
      removeFor.run(id)
    },
  }
}
