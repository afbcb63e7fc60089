import type Database from 'better-sqlite3'
import type { ServiceDeploymentRecord, ServiceEventRecord, ServiceRecord, ServiceRevisionRecord } from '../../core/model/service.js'
import type { Changed, ServiceDeploymentRepo, ServiceEventRepo, ServiceRepo, ServiceRevisionRepo } from '../store.js'
import type { WriteContext } from './write-context.js'

type Doc = { doc: string } | undefined
const parse = <T>(row: Doc): T | undefined => (row ? (JSON.parse(row.doc) as T) : undefined)
const parseAll = <T>(rows: unknown[]): T[] => (rows as { doc: string }[]).map((r) => JSON.parse(r.doc) as T)

/** The services table: one document per service ARN (a service created again reuses its ARN). */
export function serviceRepo(db: Database.Database, ctx: WriteContext): ServiceRepo {
  const get = db.prepare(`SELECT doc FROM services WHERE arn = ?`)
  const list = db.prepare(
    `SELECT doc FROM services WHERE cluster_arn = :cluster AND arn > :after AND (:status IS NULL OR status = :status)
     ORDER BY arn LIMIT :limit`,
  )
  const countActive = db.prepare(`SELECT COUNT(*) AS n FROM services WHERE cluster_arn = ? AND status = 'ACTIVE'`)
  const changed = db.prepare(`SELECT doc, modified_index FROM services WHERE modified_index > ? ORDER BY modified_index, arn LIMIT ?`)
  const put = db.prepare(
    `INSERT INTO services (arn, cluster_arn, name, status, scheduling_strategy, doc, modified_index)
     VALUES (:arn, :cluster, :name, :status, :strategy, :doc, :index)
     ON CONFLICT (arn) DO UPDATE SET status = excluded.status, scheduling_strategy = excluded.scheduling_strategy,
       doc = excluded.doc, modified_index = excluded.modified_index`,
  )
  return {
    get: async (arn) => parse<ServiceRecord>(get.get(arn) as Doc),
    list: async ({ clusterArn, after, limit, status }) => parseAll(list.all({ cluster: clusterArn, after: after ?? '', status: status ?? null, limit })),
    countActive: async (clusterArn) => (countActive.get(clusterArn) as { n: number }).n,
    changedSince: async ({ since, limit }) =>
      (changed.all(since, limit) as { doc: string; modified_index: number }[]).map(
        (r): Changed<ServiceRecord> => ({ index: r.modified_index, record: JSON.parse(r.doc) as ServiceRecord }),
      ),
    put: async (s) =>
      void put.run({
        arn: s.arn,
        cluster: s.clusterArn,
        name: s.name,
        status: s.status,
        strategy: s.schedulingStrategy,
        doc: JSON.stringify(s),
        index: ctx.touch('services'),
      }),
  }
}

/** Service deployments (2025 API), listed newest first per service. */
export function serviceDeploymentRepo(db: Database.Database, ctx: WriteContext): ServiceDeploymentRepo {
  const get = db.prepare(`SELECT doc FROM service_deployments WHERE arn = ?`)
  const list = db.prepare(
    `SELECT doc FROM service_deployments WHERE service_arn = :service
     AND (:after IS NULL OR (created_at, arn) < (SELECT created_at, arn FROM service_deployments WHERE arn = :after))
     AND (:statuses IS NULL OR status IN (SELECT value FROM json_each(:statuses)))
     AND (:createdAfter IS NULL OR created_at >= :createdAfter)
     AND (:createdBefore IS NULL OR created_at <= :createdBefore)
     ORDER BY created_at DESC, arn DESC LIMIT :limit`,
  )
  const put = db.prepare(
    `INSERT INTO service_deployments (arn, service_arn, created_at, status, doc, modified_index)
     VALUES (:arn, :service, :createdAt, :status, :doc, :index)
     ON CONFLICT (arn) DO UPDATE SET status = excluded.status, doc = excluded.doc, modified_index = excluded.modified_index`,
  )
  const remove = db.prepare(`DELETE FROM service_deployments WHERE service_arn = ?`)
  return {
    get: async (arn) => parse<ServiceDeploymentRecord>(get.get(arn) as Doc),
    list: async ({ serviceArn, after, limit, statuses, createdAfter, createdBefore }) =>
      parseAll(
        list.all({
          service: serviceArn,
          after: after ?? null,
          statuses: statuses ? JSON.stringify(statuses) : null,
          createdAfter: createdAfter ?? null,
          createdBefore: createdBefore ?? null,
          limit,
        }),
      ),
    put: async (d) =>
      void put.run({
        arn: d.arn,
        service: d.serviceArn,
        createdAt: d.createdAt,
        status: d.status,
        doc: JSON.stringify(d),
        index: ctx.touch('serviceDeployments'),
      }),
    deleteForService: async (serviceArn) => {
      ctx.touch('serviceDeployments')
      remove.run(serviceArn)
    },
  }
}

/** Service revisions: written once, never changed. */
export function serviceRevisionRepo(db: Database.Database, ctx: WriteContext): ServiceRevisionRepo {
  const get = db.prepare(`SELECT doc FROM service_revisions WHERE arn = ?`)
  const put = db.prepare(`INSERT INTO service_revisions (arn, service_arn, doc) VALUES (?, ?, ?) ON CONFLICT (arn) DO UPDATE SET doc = excluded.doc`)
  const remove = db.prepare(`DELETE FROM service_revisions WHERE service_arn = ?`)
  return {
    get: async (arn) => parse<ServiceRevisionRecord>(get.get(arn) as Doc),
    put: async (r) => {
      ctx.touch('serviceRevisions')
      put.run(r.arn, r.serviceArn, JSON.stringify(r))
    },
    deleteForService: async (serviceArn) => {
      ctx.touch('serviceRevisions')
      remove.run(serviceArn)
    },
  }
}

/** A service's event log: numbered per service, trimmed to the newest `keep` on each append. */
export function serviceEventRepo(db: Database.Database, ctx: WriteContext): ServiceEventRepo {
  const latest = db.prepare(`SELECT id, created_at, message FROM service_events WHERE service_arn = ? ORDER BY seq DESC LIMIT ?`)
  const nextSeq = db.prepare(`SELECT IFNULL(MAX(seq), 0) + 1 AS seq FROM service_events WHERE service_arn = ?`)
  const insert = db.prepare(`INSERT INTO service_events (service_arn, seq, id, created_at, message) VALUES (?, ?, ?, ?, ?)`)
  const trim = db.prepare(`DELETE FROM service_events WHERE service_arn = ? AND seq <= ?`)
  const remove = db.prepare(`DELETE FROM service_events WHERE service_arn = ?`)
  return {
    latest: async (serviceArn, limit) =>
      (latest.all(serviceArn, limit) as { id: string; created_at: number; message: string }[]).map(
        (r): ServiceEventRecord => ({ id: r.id, createdAt: r.created_at, message: r.message }),
      ),
    append: async (serviceArn, event, keep) => {
      ctx.touch('serviceEvents')
      const seq = (nextSeq.get(serviceArn) as { seq: number }).seq
      insert.run(serviceArn, seq, event.id, event.createdAt, event.message)
      trim.run(serviceArn, seq - keep)
    },
    deleteForService: async (serviceArn) => {
      ctx.touch('serviceEvents')
      remove.run(serviceArn)
    },
  }
}
