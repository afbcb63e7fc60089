import Database from 'better-sqlite3'

/**
 * Reads every table of an SQLite store file through a second, read-only connection, so tests
 * can compare the whole state before and after a request without the store exposing SQL.
 * WAL mode lets this connection see exactly what the store has committed. Tables are found
 * in sqlite_master, so tables added by later migrations are covered with no change here.
 */
export interface StoreDump {
  /** Every table's rows, in a stable order, as one string: equal strings mean equal state. */
  dump(): string
  /**
   * SQLite's data_version as this connection sees it: it changes whenever another connection
   * commits, so an unchanged value proves an unchanged store without reading a table.
   */
  version(): number
  close(): void
}

export function openStoreDump(path: string): StoreDump {
  const db = new Database(path, { readonly: true, fileMustExist: true })
  const tables = () =>
    (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((t) => t.name)
  return {
    dump() {
      const out: Record<string, unknown> = { user_version: db.pragma('user_version', { simple: true }) }
      // One read transaction, so the tables are read at the same instant.
      db.transaction(() => {
        for (const table of tables()) {
          out[table] = rowsOf(db, table)
        }
      })()
      return JSON.stringify(out)
    },
    version: () => db.pragma('data_version', { simple: true }) as number,
    close: () => db.close(),
  }
}

/**
 * A table's rows with their rowids: rowid order is state too (tags list in first-set order),
 * so a row deleted and inserted again must not compare equal. WITHOUT ROWID tables have none.
 */
function rowsOf(db: Database.Database, table: string): unknown[] {
  const name = `"${table.replaceAll('"', '""')}"`
  try {
    return db.prepare(`SELECT rowid AS "(rowid)", * FROM ${name} ORDER BY rowid`).all()
  } catch {
    return db.prepare(`SELECT * FROM ${name}`).all().map((r) => JSON.stringify(r)).sort()
  }
}
