import type Database from 'better-sqlite3'
import type { TaskDefinition } from '../../core/aws-model/ecs.types.js'
import type { ClusterRecord } from '../../core/model/cluster.js'
import type { ContainerInstanceRecord } from '../../core/model/container-instance.js'
import type { TagRecord } from '../../core/model/tag.js'
import { shownDesiredStatus, type TaskRecord } from '../../core/model/task.js'
import { accountSettingRepo } from './account-settings-repo.js'
import { capacityProviderRepo } from './capacity-provider-repo.js'
import { alarmHistoryRepo, alarmRepo } from './alarm-repos.js'
import { scalableTargetRepo, scalingActivityRepo, scalingPolicyRepo, scheduledActionRepo } from './scaling-repos.js'
import { listenerRepo, loadBalancerRepo, ruleRepo, targetGroupRepo, targetRepo } from './elb-repos.js'
import { logsRepo } from './logs-repo.js'
import type { Changed, ClusterRepo, ContainerInstanceRepo, TagRepo, TaskDefinitionRepo, TaskRepo, WriteTx } from '../store.js'
import { serviceDeploymentRepo, serviceEventRepo, serviceRepo, serviceRevisionRepo } from './service-repos.js'
import { touchingWrites } from './touching.js'
import type { WriteContext } from './write-context.js'

/**
 * The SQLite side of each repository: prepared statements over the tables of migrations.ts.
 * The methods are async to honour the Store interface, but run synchronously inside. Every
 * write stamps the rows it writes with the transaction's index (`modified_index`) and tells
 * the context which table it wrote, so watches can say what changed.
 */
export function createRepos(db: Database.Database, ctx: WriteContext): WriteTx {
  return {
    clusters: clusterRepo(db, ctx),
    taskDefinitions: taskDefinitionRepo(db, ctx),
    containerInstances: containerInstanceRepo(db, ctx),
    tags: tagRepo(db, ctx),
    accountSettings: accountSettingRepo(db, ctx),
    capacityProviders: capacityProviderRepo(db, ctx),
    tasks: taskRepo(db, ctx),
    services: serviceRepo(db, ctx),
    serviceDeployments: serviceDeploymentRepo(db, ctx),
    serviceRevisions: serviceRevisionRepo(db, ctx),
    serviceEvents: serviceEventRepo(db, ctx),
    // Log rows carry no index of their own: nothing asks which log events changed.
    logs: touchingWrites(logsRepo(db), ctx, 'logs', [
      'createGroup',
      'setRetention',
      'deleteGroup',
      'createStream',
      'deleteStream',
      'appendEvents',
      'setShippedThrough',
      'expireEvents',
    ]),
    loadBalancers: loadBalancerRepo(db, ctx),
    listeners: listenerRepo(db, ctx),
    rules: ruleRepo(db, ctx),
    targetGroups: targetGroupRepo(db, ctx),
    targets: targetRepo(db, ctx),
    alarms: alarmRepo(db, ctx),
    alarmHistory: alarmHistoryRepo(db, ctx),
    scalableTargets: scalableTargetRepo(db, ctx),
    scalingPolicies: scalingPolicyRepo(db, ctx),
    scheduledActions: scheduledActionRepo(db, ctx),
    scalingActivities: scalingActivityRepo(db, ctx),
  }
}

type Doc = { doc: string } | undefined
const parse = <T>(row: Doc): T | undefined => (row ? (JSON.parse(row.doc) as T) : undefined)
const parseAll = <T>(rows: unknown[]): T[] => (rows as { doc: string }[]).map((r) => JSON.parse(r.doc) as T)
const parseChanged = <T>(rows: unknown[]): Changed<T>[] =>
  (rows as { doc: string; modified_index: number }[]).map((r) => ({ index: r.modified_index, record: JSON.parse(r.doc) as T }))
/** An upper bound for LIKE-free prefix matching: every string with the prefix sorts below it. */
const prefixEnd = (prefix: string) => prefix + '\u{10FFFF}'

function clusterRepo(db: Database.Database, ctx: WriteContext): ClusterRepo {
  const get = db.prepare(`SELECT doc FROM clusters WHERE arn = ?`)
  const list = db.prepare(
    `SELECT doc FROM clusters WHERE arn > :after AND (:status IS NULL OR status = :status) ORDER BY arn LIMIT :limit`,
  )
  const put = db.prepare(
    `INSERT INTO clusters (arn, status, doc, modified_index) VALUES (:arn, :status, :doc, :index)
     ON CONFLICT (arn) DO UPDATE SET status = excluded.status, doc = excluded.doc, modified_index = excluded.modified_index`,
  )
  return {
    get: async (arn) => parse<ClusterRecord>(get.get(arn) as Doc),
    list: async ({ after, limit, status }) => parseAll(list.all({ after: after ?? '', status: status ?? null, limit })),
    put: async (c) => void put.run({ arn: c.arn, status: c.status, doc: JSON.stringify(c), index: ctx.touch('clusters') }),
  }
}

function taskDefinitionRepo(db: Database.Database, ctx: WriteContext): TaskDefinitionRepo {
  const get = db.prepare(`SELECT doc FROM task_definitions WHERE family = ? AND revision = ?`)
  const latestActive = db.prepare(
    `SELECT doc FROM task_definitions WHERE family = ? AND status = 'ACTIVE' ORDER BY revision DESC LIMIT 1`,
  )
  const lastRevision = db.prepare(`SELECT MAX(revision) AS rev FROM task_definitions WHERE family = ?`)
  const filters = `family >= :prefix AND family < :prefixEnd AND (:exact IS NULL OR family = :exact)
    AND (:status IS NULL OR status = :status)`
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
    `INSERT INTO task_definitions (family, revision, status, doc, modified_index) VALUES (:family, :revision, :status, :doc, :index)
     ON CONFLICT (family, revision) DO UPDATE SET status = excluded.status, doc = excluded.doc, modified_index = excluded.modified_index`,
  )
  return {
    get: async (family, revision) => parse<TaskDefinition>(get.get(family, revision) as Doc),
    latestActive: async (family) => parse<TaskDefinition>(latestActive.get(family) as Doc),
    lastRevision: async (family) => (lastRevision.get(family) as { rev: number | null }).rev ?? 0,
    list: async ({ after, limit, family: exact, familyPrefix, status, order }) => {
      const prefix = familyPrefix ?? ''
      const [family, revision] = after ?? (order === 'ASC' ? ['', 0] : ['\u{10FFFF}', 0])
      const stmt = order === 'ASC' ? listAsc : listDesc
      return parseAll(
        stmt.all({ prefix, prefixEnd: prefixEnd(prefix), exact: exact ?? null, status: status ?? null, family, revision, limit }),
      )
    },
    families: async ({ after, limit, familyPrefix, status }) => {
      const prefix = familyPrefix ?? ''
      const rows = families.all({ prefix, prefixEnd: prefixEnd(prefix), after: after ?? '', status: status ?? null, limit })
      return (rows as { family: string }[]).map((r) => r.family)
    },
    put: async (td) =>
      void put.run({
        family: td.family,
        revision: td.revision,
        status: td.status ?? 'ACTIVE',
        doc: JSON.stringify(td),
        index: ctx.touch('taskDefinitions'),
      }),
  }
}

function containerInstanceRepo(db: Database.Database, ctx: WriteContext): ContainerInstanceRepo {
  const get = db.prepare(`SELECT doc FROM container_instances WHERE arn = ?`)
  const list = db.prepare(
    `SELECT doc FROM container_instances WHERE cluster_arn = :cluster AND arn > :after
     AND (:status IS NULL OR status = :status) ORDER BY arn LIMIT :limit`,
  )
  const count = db.prepare(`SELECT COUNT(*) AS n FROM container_instances WHERE cluster_arn = ? AND status != 'INACTIVE'`)
  const put = db.prepare(
    `INSERT INTO container_instances (arn, cluster_arn, status, doc, modified_index) VALUES (:arn, :cluster, :status, :doc, :index)
     ON CONFLICT (arn) DO UPDATE SET cluster_arn = excluded.cluster_arn, status = excluded.status, doc = excluded.doc,
       modified_index = excluded.modified_index`,
  )
  const changed = db.prepare(
    `SELECT doc, modified_index FROM container_instances WHERE modified_index > ? ORDER BY modified_index, arn LIMIT ?`,
  )
  return {
    get: async (arn) => parse<ContainerInstanceRecord>(get.get(arn) as Doc),
    list: async ({ clusterArn, after, limit, status }) =>
      parseAll(list.all({ cluster: clusterArn, after: after ?? '', status: status ?? null, limit })),
    countRegistered: async (clusterArn) => (count.get(clusterArn) as { n: number }).n,
    changedSince: async ({ since, limit }) => parseChanged(changed.all(since, limit)),
    put: async (ci) =>
      void put.run({ arn: ci.arn, cluster: ci.clusterArn, status: ci.status, doc: JSON.stringify(ci), index: ctx.touch('containerInstances') }),
  }
}

function tagRepo(db: Database.Database, ctx: WriteContext): TagRepo {
  const get = db.prepare(`SELECT key, value FROM tags WHERE resource_arn = ? ORDER BY rowid`)
  const put = db.prepare(
    `INSERT INTO tags (resource_arn, key, value) VALUES (?, ?, ?)
     ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value`,
  )
  const remove = db.prepare(`DELETE FROM tags WHERE resource_arn = ? AND key = ?`)
  return {
    get: async (arn) => get.all(arn) as TagRecord[],
    put: async (arn, tags) => {
      if (tags.length > 0) ctx.touch('tags')
      for (const t of tags) put.run(arn, t.key, t.value)
    },
    remove: async (arn, keys) => {
      if (keys.length > 0) ctx.touch('tags')
      for (const k of keys) remove.run(arn, k)
    },
  }
}

function taskRepo(db: Database.Database, ctx: WriteContext): TaskRepo {
  const get = db.prepare(`SELECT doc FROM tasks WHERE arn = ?`)
  const list = db.prepare(
    `SELECT doc FROM tasks WHERE cluster_arn = :cluster AND arn > :after
     AND (:instance IS NULL OR container_instance_arn = :instance)
     AND (:family IS NULL OR family = :family)
     AND (:startedBy IS NULL OR started_by = :startedBy)
     AND (:grp IS NULL OR task_group = :grp)
     AND (:desired IS NULL OR desired_status = :desired)
     ORDER BY arn LIMIT :limit`,
  )
  const holding = db.prepare(`SELECT doc FROM tasks WHERE container_instance_arn = ? AND last_status != 'STOPPED'`)
  // No instance is stored as '' (the column is NOT NULL); tasks_instance indexes it.
  const waiting = db.prepare(
    `SELECT doc FROM tasks WHERE container_instance_arn = '' AND last_status != 'STOPPED' ORDER BY json_extract(doc, '$.createdAt'), arn`,
  )
  const stoppedBefore = db.prepare(
    `SELECT doc FROM tasks WHERE last_status = 'STOPPED' AND json_extract(doc, '$.stoppedAt') < ? LIMIT ?`,
  )
  const counts = db.prepare(
    `SELECT last_status AS status, COUNT(*) AS n FROM tasks WHERE cluster_arn = ? AND last_status != 'STOPPED' GROUP BY last_status`,
  )
  const put = db.prepare(
    `INSERT INTO tasks (arn, cluster_arn, container_instance_arn, family, started_by, task_group, desired_status, last_status, doc, modified_index)
     VALUES (:arn, :cluster, :instance, :family, :startedBy, :grp, :desired, :last, :doc, :index)
     ON CONFLICT (arn) DO UPDATE SET container_instance_arn = excluded.container_instance_arn, desired_status = excluded.desired_status, last_status = excluded.last_status, doc = excluded.doc,
       modified_index = excluded.modified_index`,
  )
  const changed = db.prepare(
    `SELECT doc, modified_index FROM tasks WHERE modified_index > :since
     AND (:instance IS NULL OR container_instance_arn = :instance) ORDER BY modified_index, arn LIMIT :limit`,
  )
  const remove = db.prepare(`DELETE FROM tasks WHERE arn = ?`)
  const inGroup = db.prepare(
    `SELECT doc FROM tasks WHERE cluster_arn = :cluster AND task_group = :grp
     AND (last_status != 'STOPPED' OR (:unaccounted = 1 AND json_extract(doc, '$.serviceAccounted') IS NULL))
     ORDER BY arn`,
  )
  return {
    get: async (arn) => parse<TaskRecord>(get.get(arn) as Doc),
    list: async (f) =>
      parseAll(
        list.all({
          cluster: f.clusterArn,
          after: f.after ?? '',
          instance: f.containerInstanceArn ?? null,
          family: f.family ?? null,
          startedBy: f.startedBy ?? null,
          grp: f.group ?? null,
          desired: f.desiredStatus ?? null,
          limit: f.limit,
        }),
      ),
    holdingResources: async (instanceArn) => parseAll(holding.all(instanceArn)),
    stoppedBefore: async (cutoff, limit) => parseAll(stoppedBefore.all(cutoff, limit)),
    waitingForCapacity: async () => parseAll(waiting.all()),
    changedSince: async ({ since, limit, containerInstanceArn }) =>
      parseChanged(changed.all({ since, limit, instance: containerInstanceArn ?? null })),
    inGroup: async (clusterArn, group, options) =>
      parseAll(inGroup.all({ cluster: clusterArn, grp: group, unaccounted: options?.unaccounted ? 1 : 0 })),
    countByStatus: async (clusterArn) =>
      Object.fromEntries((counts.all(clusterArn) as { status: string; n: number }[]).map((r) => [r.status, r.n])),
    put: async (t) =>
      void put.run({
        arn: t.arn,
        cluster: t.clusterArn,
        // '' while the task waits in PROVISIONING with no instance (the column is NOT NULL);
        // placement later writes the instance, once (the upsert below updates it).
        instance: t.containerInstanceArn ?? '',
        family: t.family,
        startedBy: t.startedBy ?? null,
        grp: t.group,
        // ListTasks filters on the desired status ECS shows: a deactivating task is desired STOPPED.
        desired: shownDesiredStatus(t),
        last: t.lastStatus,
        doc: JSON.stringify(t),
        index: ctx.touch('tasks'),
      }),
    delete: async (arn) => {
      ctx.touch('tasks')
      remove.run(arn)
    },
  }
}
