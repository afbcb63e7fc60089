import type Database from 'better-sqlite3'
import { MIGRATIONS } from './migrations.js'

/**
 * Brings a database to the schema this Berth knows. `PRAGMA user_version` counts the
 * migrations applied; the rest run in order, each in its own transaction with the count it
 * bumps, so a migration that fails leaves the database as the one before it left it. A
 * database from a newer Berth is refused rather than guessed at.
 */
export function migrate(db: Database.Database, migrations: readonly string[] = MIGRATIONS): void {
  const applied = db.pragma('user_version', { simple: true }) as number
  if (applied > migrations.length) {
    throw new Error(
      `${db.name} holds schema version ${applied}, newer than this Berth knows (${migrations.length}); upgrade Berth to open it`,
    )
  }
  migrations.slice(applied).forEach((sql, i) => {
    db.transaction(() => {
      db.exec(sql)
      db.pragma(`user_version = ${applied + i + 1}`)
    })()
  })
}
