import type Database from 'better-sqlite3'
import type { ListenerRecord } from '../../core/model/listener.js'
import type { LoadBalancerRecord } from '../../core/model/load-balancer.js'
import type { RuleRecord } from '../../core/model/rule.js'
import type { TargetGroupRecord } from '../../core/model/target-group.js'
import type { TargetRecord } from '../../core/model/target.js'
import type { ListenerRepo, LoadBalancerRepo, RuleRepo, TargetGroupRepo, TargetRepo } from '../elb-store.js'
import type { WriteContext } from './write-context.js'

type Doc = { doc: string } | undefined
const parse = <T>(row: Doc): T | undefined => (row ? (JSON.parse(row.doc) as T) : undefined)
const parseAll = <T>(rows: unknown[]): T[] => (rows as { doc: string }[]).map((r) => JSON.parse(r.doc) as T)

/** The ELBv2 tables of migration 6, one repository each; every write stamps its table's index. */
export function loadBalancerRepo(db: Database.Database, ctx: WriteContext): LoadBalancerRepo {
  const get = db.prepare(`SELECT doc FROM load_balancers WHERE arn = ?`)
  const byName = db.prepare(`SELECT doc FROM load_balancers WHERE name = ?`)
  const list = db.prepare(`SELECT doc FROM load_balancers ORDER BY arn`)
  const put = db.prepare(
    `INSERT INTO load_balancers (arn, name, doc, modified_index) VALUES (?, ?, ?, ?)
     ON CONFLICT (arn) DO UPDATE SET doc = excluded.doc, modified_index = excluded.modified_index`,
  )
  const remove = db.prepare(`DELETE FROM load_balancers WHERE arn = ?`)
  return {
    get: async (arn) => parse<LoadBalancerRecord>(get.get(arn) as Doc),
    byName: async (name) => parse<LoadBalancerRecord>(byName.get(name) as Doc),
    list: async () => parseAll(list.all()),
    put: async (lb) => void put.run(lb.arn, lb.name, JSON.stringify(lb), ctx.touch('loadBalancers')),
    delete: async (arn) => {
      ctx.touch('loadBalancers')
      remove.run(arn)
    },
  }
}

export function listenerRepo(db: Database.Database, ctx: WriteContext): ListenerRepo {
  const get = db.prepare(`SELECT doc FROM listeners WHERE arn = ?`)
  const forLb = db.prepare(`SELECT doc FROM listeners WHERE load_balancer_arn = ? ORDER BY port`)
  const list = db.prepare(`SELECT doc FROM listeners ORDER BY arn`)
  const put = db.prepare(
    `INSERT INTO listeners (arn, load_balancer_arn, port, doc, modified_index) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (arn) DO UPDATE SET port = excluded.port, doc = excluded.doc, modified_index = excluded.modified_index`,
  )
  const remove = db.prepare(`DELETE FROM listeners WHERE arn = ?`)
  return {
    get: async (arn) => parse<ListenerRecord>(get.get(arn) as Doc),
    forLoadBalancer: async (lbArn) => parseAll(forLb.all(lbArn)),
    list: async () => parseAll(list.all()),
    put: async (l) => void put.run(l.arn, l.loadBalancerArn, l.port, JSON.stringify(l), ctx.touch('listeners')),
    delete: async (arn) => {
      ctx.touch('listeners')
      remove.run(arn)
    },
  }
}

export function ruleRepo(db: Database.Database, ctx: WriteContext): RuleRepo {
  const get = db.prepare(`SELECT doc FROM rules WHERE arn = ?`)
  const forListener = db.prepare(`SELECT doc FROM rules WHERE listener_arn = ? ORDER BY priority`)
  const count = db.prepare(`SELECT COUNT(*) AS n FROM rules WHERE load_balancer_arn = ?`)
  const list = db.prepare(`SELECT doc FROM rules ORDER BY arn`)
  const put = db.prepare(
    `INSERT INTO rules (arn, listener_arn, load_balancer_arn, priority, doc, modified_index) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (arn) DO UPDATE SET priority = excluded.priority, doc = excluded.doc, modified_index = excluded.modified_index`,
  )
  const remove = db.prepare(`DELETE FROM rules WHERE arn = ?`)
  return {
    get: async (arn) => parse<RuleRecord>(get.get(arn) as Doc),
    forListener: async (listenerArn) => parseAll(forListener.all(listenerArn)),
    countForLoadBalancer: async (lbArn) => (count.get(lbArn) as { n: number }).n,
    list: async () => parseAll(list.all()),
    put: async (r) => void put.run(r.arn, r.listenerArn, r.loadBalancerArn, r.priority, JSON.stringify(r), ctx.touch('rules')),
    delete: async (arn) => {
      ctx.touch('rules')
      remove.run(arn)
    },
  }
}

export function targetGroupRepo(db: Database.Database, ctx: WriteContext): TargetGroupRepo {
  const get = db.prepare(`SELECT doc FROM target_groups WHERE arn = ?`)
  const byName = db.prepare(`SELECT doc FROM target_groups WHERE name = ?`)
  const list = db.prepare(`SELECT doc FROM target_groups ORDER BY arn`)
  const put = db.prepare(
    `INSERT INTO target_groups (arn, name, doc, modified_index) VALUES (?, ?, ?, ?)
     ON CONFLICT (arn) DO UPDATE SET doc = excluded.doc, modified_index = excluded.modified_index`,
  )
  const remove = db.prepare(`DELETE FROM target_groups WHERE arn = ?`)
  return {
    get: async (arn) => parse<TargetGroupRecord>(get.get(arn) as Doc),
    byName: async (name) => parse<TargetGroupRecord>(byName.get(name) as Doc),
    list: async () => parseAll(list.all()),
    put: async (g) => void put.run(g.arn, g.name, JSON.stringify(g), ctx.touch('targetGroups')),
    delete: async (arn) => {
      ctx.touch('targetGroups')
      remove.run(arn)
    },
  }
}

export function targetRepo(db: Database.Database, ctx: WriteContext): TargetRepo {
  const get = db.prepare(`SELECT doc FROM targets WHERE target_group_arn = ? AND id = ? AND port = ?`)
  const forGroup = db.prepare(`SELECT doc FROM targets WHERE target_group_arn = ? ORDER BY id, port`)
  const list = db.prepare(`SELECT doc FROM targets ORDER BY target_group_arn, id, port`)
  const put = db.prepare(
    `INSERT INTO targets (target_group_arn, id, port, doc, modified_index) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (target_group_arn, id, port) DO UPDATE SET doc = excluded.doc, modified_index = excluded.modified_index`,
  )
  const remove = db.prepare(`DELETE FROM targets WHERE target_group_arn = ? AND id = ? AND port = ?`)
  const removeGroup = db.prepare(`DELETE FROM targets WHERE target_group_arn = ?`)
  return {
    get: async (tg, id, port) => parse<TargetRecord>(get.get(tg, id, port) as Doc),
    forTargetGroup: async (tg) => parseAll(forGroup.all(tg)),
    list: async () => parseAll(list.all()),
    put: async (t) => void put.run(t.targetGroupArn, t.id, t.port, JSON.stringify(t), ctx.touch('targets')),
    delete: async (tg, id, port) => {
      ctx.touch('targets')
      remove.run(tg, id, port)
    },
    deleteForTargetGroup: async (tg) => {
      ctx.touch('targets')
      removeGroup.run(tg)
    },
  }
}
