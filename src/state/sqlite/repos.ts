import type Database from 'better-sqlite3'
import type { TaskDefinition } from '../../core/aws-model/ecs.types.js'
import type { ClusterRecord } from '../../core/model/cluster.js'
import type { ContainerInstanceRecord } from '../../core/model/container-instance.js'
import type { TagRecord } from '../../core/model/tag.js'
import { logsRepo } from './logs-repo.js'
import type { ClusterRepo, ContainerInstanceRepo, TagRepo, TaskDefinitionRepo, WriteTx } from '../store.js'

/**
 * The SQLite side of each repository: prepared statements over the tables of migrations.ts.
 * The methods are async to honour the Store interface, but run synchronously inside.
 */
export function createRepos(db: Database.Database): WriteTx {
  return {
    clusters: clusterRepo(db),
    taskDefinitions: taskDefinitionRepo(db),
    containerInstances: containerInstanceRepo(db),
    tags: tagRepo(db),
    logs: logsRepo(db),
  }
}

type Doc = { doc: string } | undefined
const parse = <T>(row: Doc): T | undefined => (row ? (JSON.parse(row.doc) as T) : undefined)
const parseAll = <T>(rows: unknown[]): T[] => (rows as { doc: string }[]).map((r) => JSON.parse(r.doc) as T)
/** An upper bound for LIKE-free prefix matching: every string with the prefix sorts below it. */
const prefixEnd = (prefix: string) => prefix + '\u{10FFFF}'

function clusterRepo(db: Database.Database): ClusterRepo {
  const get = db.prepare(`SELECT doc FROM clusters WHERE arn = ?`)
  const list = db.prepare(
    `SELECT doc FROM clusters WHERE arn > :after AND (:status IS NULL OR status = :status) ORDER BY arn LIMIT :limit`,
  )
  const put = db.prepare(
    `INSERT INTO clusters (arn, status, doc) VALUES (:arn, :status, :doc)
     ON CONFLICT (arn) DO UPDATE SET status = excluded.status, doc = excluded.doc`,
  )
  return {
    get: async (arn) => parse<ClusterRecord>(get.get(arn) as Doc),
    list: async ({ after, limit, status }) => parseAll(list.all({ after: after ?? '', status: status ?? null, limit })),
    put: async (c) => void put.run({ arn: c.arn, status: c.status, doc: JSON.stringify(c) }),
  }
}

function taskDefinitionRepo(db: Database.Database): TaskDefinitionRepo {
  const get = db.prepare(`SELECT doc FROM task_definitions WHERE family = ? AND revision = ?`)
  const latestActive = db.prepare(
    `SELECT doc FROM task_definitions WHERE family = ? AND status = 'ACTIVE' ORDER BY revision DESC LIMIT 1`,
  )
  const lastRevision = db.prepare(`SELECT MAX(revision) AS rev FROM task_definitions WHERE family = ?`)
  const filters = `family >= :prefix AND family < :prefixEnd AND (:status IS NULL OR status = :status)`
  const listAsc = db.prepare(
    `SELECT doc FROM task_definitions WHERE ${filters} AND (family, revision) > (:family, :revision)
     ORDER BY family, revision LIMIT :limit`,
  )
  const listDesc = db.prepare(
    `SELECT doc FROM task_definitions WHERE ${filters} AND (family, revision) < (:family, :revision)
     ORDER BY family DESC, revision DESC LIMIT :limit`,
  )
  // A family is ACTIVE while it has an ACTIVE revision; INACTIVE once all are deregistered.
  const families = db.prepare(
    `SELECT family FROM task_definitions WHERE family >= :prefix AND family < :prefixEnd AND family > :after
     GROUP BY family
     HAVING :status IS NULL OR (MAX(status = 'ACTIVE') = 1) = (:status = 'ACTIVE')
     ORDER BY family LIMIT :limit`,
  )
  const put = db.prepare(
    `INSERT INTO task_definitions (family, revision, status, doc) VALUES (:family, :revision, :status, :doc)
     ON CONFLICT (family, revision) DO UPDATE SET status = excluded.status, doc = excluded.doc`,
  )
  return {
    get: async (family, revision) => parse<TaskDefinition>(get.get(family, revision) as Doc),
    latestActive: async (family) => parse<TaskDefinition>(latestActive.get(family) as Doc),
    lastRevision: async (family) => (lastRevision.get(family) as { rev: number | null }).rev ?? 0,
    list: async ({ after, limit, familyPrefix, status, order }) => {
      const prefix = familyPrefix ?? ''
      const [family, revision] = after ?? (order === 'ASC' ? ['', 0] : ['\u{10FFFF}', 0])
      const stmt = order === 'ASC' ? listAsc : listDesc
      return parseAll(stmt.all({ prefix, prefixEnd: prefixEnd(prefix), status: status ?? null, family, revision, limit }))
    },
    families: async ({ after, limit, familyPrefix, status }) => {
      const prefix = familyPrefix ?? ''
      const rows = families.all({ prefix, prefixEnd: prefixEnd(prefix), after: after ?? '', status: status ?? null, limit })
      return (rows as { family: string }[]).map((r) => r.family)
    },
    put: async (td) =>
      void put.run({ family: td.family, revision: td.revision, status: td.status ?? 'ACTIVE', doc: JSON.stringify(td) }),
  }
}

function containerInstanceRepo(db: Database.Database): ContainerInstanceRepo {
  const get = db.prepare(`SELECT doc FROM container_instances WHERE arn = ?`)
  const list = db.prepare(
    `SELECT doc FROM container_instances WHERE cluster_arn = :cluster AND arn > :after
     AND (:status IS NULL OR status = :status) ORDER BY arn LIMIT :limit`,
  )
  const count = db.prepare(`SELECT COUNT(*) AS n FROM container_instances WHERE cluster_arn = ? AND status != 'INACTIVE'`)
  const put = db.prepare(
    `INSERT INTO container_instances (arn, cluster_arn, status, doc) VALUES (:arn, :cluster, :status, :doc)
     ON CONFLICT (arn) DO UPDATE SET cluster_arn = excluded.cluster_arn, status = excluded.status, doc = excluded.doc`,
  )
  return {
    get: async (arn) => parse<ContainerInstanceRecord>(get.get(arn) as Doc),
    list: async ({ clusterArn, after, limit, status }) =>
      parseAll(list.all({ cluster: clusterArn, after: after ?? '', status: status ?? null, limit })),
    countRegistered: async (clusterArn) => (count.get(clusterArn) as { n: number }).n,
    put: async (ci) => void put.run({ arn: ci.arn, cluster: ci.clusterArn, status: ci.status, doc: JSON.stringify(ci) }),
  }
}

function tagRepo(db: Database.Database): TagRepo {
  const get = db.prepare(`SELECT key, value FROM tags WHERE resource_arn = ? ORDER BY rowid`)
  const put = db.prepare(
    `INSERT INTO tags (resource_arn, key, value) VALUES (?, ?, ?)
     ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value`,
  )
  const remove = db.prepare(`DELETE FROM tags WHERE resource_arn = ? AND key = ?`)
  return {
    get: async (arn) => get.all(arn) as TagRecord[],
    put: async (arn, tags) => tags.forEach((t) => put.run(arn, t.key, t.value)),
    remove: async (arn, keys) => keys.forEach((k) => remove.run(arn, k)),
  }
}
