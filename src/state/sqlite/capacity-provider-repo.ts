import type Database from 'better-sqlite3'
import type { CapacityProviderRecord } from '../../core/model/capacity-provider.js'
import type { CapacityProviderRepo } from '../capacity-provider-store.js'
import type { WriteContext } from './write-context.js'

/** The capacity_providers table (migrations.ts): a document per provider name. */
export function capacityProviderRepo(db: Database.Database, ctx: WriteContext): CapacityProviderRepo {
  const get = db.prepare(`SELECT doc FROM capacity_providers WHERE name = ?`)
  const list = db.prepare(`SELECT doc FROM capacity_providers WHERE name > ? ORDER BY name LIMIT ?`)
  const put = db.prepare(
    `INSERT INTO capacity_providers (name, status, doc, modified_index) VALUES (:name, :status, :doc, :index)
     ON CONFLICT (name) DO UPDATE SET status = excluded.status, doc = excluded.doc, modified_index = excluded.modified_index`,
  )
  const parse = (row: unknown) => (row ? (JSON.parse((row as { doc: string }).doc) as CapacityProviderRecord) : undefined)
  return {
    get: async (name) => parse(get.get(name)),
    list: async ({ after, limit }) => list.all(after ?? '', limit).map((r) => parse(r)!),
    put: async (p) =>
      void put.run({ name: p.name, status: p.status, doc: JSON.stringify(p), index: ctx.touch('capacityProviders') }),
  }
}
