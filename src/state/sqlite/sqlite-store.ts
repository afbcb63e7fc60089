import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { ReadTx, Store, StoreTable, WatchOptions, WriteTx } from '../store.js'
import { CommitQueue } from './commit-queue.js'
import { migrate } from './migrate.js'
import { createRepos } from './repos.js'
import { WriteContext } from './write-context.js'

export interface SqliteStoreOptions {
  /** A file path, or ':memory:' for a store that lives as long as the process (tests). */
  path: string
}

/** What a committed write tells the store: its index and the tables it wrote. */
interface Receipt {
  index: number
  tables: StoreTable[]
}

interface Watcher {
  minIndex: number
  tables: readonly StoreTable[] | undefined
  wake(): void
}

/**
 * The embedded store: one SQLite connection in WAL mode with synchronous=FULL, so a commit is
 * on disk before the request that made it is answered, and a crash at any point leaves either
 * the whole transaction or none of it.
 *
 * Transactions and reads take turns on one queue (commit-queue.ts): the connection is shared,
 * and a read slipped between another transaction's statements would see its uncommitted
 * writes. Transactions queued together commit together, with one fsync (group commit); each
 * is still whole or absent, and acknowledged only once committed.
 *
 * Indexes: every write transaction bumps the store's index (kept in the `meta` table) and
 * stamps the rows it writes with it. The store remembers, per table, the index of the last
 * commit that wrote it, so a watch on some tables wakes only when one of them changed.
 */
export class SqliteStore implements Store {
  readonly #db: Database.Database
  readonly #ctx = new WriteContext()
  readonly #repos: WriteTx
  readonly #queue: CommitQueue<Receipt>
  readonly #bumpIndex: Database.Statement
  readonly #readIndex: Database.Statement
  #index: number
  /** Per table, the index of the last commit that wrote it since the store opened. */
  readonly #tableIndex = new Map<StoreTable, number>()
  /** The index at opening: a table not written since counts as written then, for want of knowing better. */
  readonly #openedAt: number
  readonly #watchers = new Set<Watcher>()
  #closed = false

  constructor(options: SqliteStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true })
    this.#db = new Database(options.path)
    this.#db.pragma('journal_mode = WAL')
    this.#db.pragma('synchronous = FULL')
    this.#db.pragma('foreign_keys = ON')
    try {
      migrate(this.#db)
    } catch (error) {
      // Refused (a newer schema) or failed: let go of the file before saying so.
      this.#db.close()
      throw error
    }
    this.#repos = createRepos(this.#db, this.#ctx)
    this.#bumpIndex = this.#db.prepare(`UPDATE meta SET value = value + 1 WHERE key = 'index'`)
    this.#readIndex = this.#db.prepare(`SELECT value FROM meta WHERE key = 'index'`)
    this.#index = (this.#readIndex.get() as { value: number }).value
    this.#openedAt = this.#index
    this.#queue = new CommitQueue(this.#db, (receipts) => this.#committed(receipts))
  }

  txn<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the store is closed'))
    return this.#queue.write(async () => {
      // Read inside the batch: the writes before this one in it have bumped it already.
      this.#ctx.open((this.#readIndex.get() as { value: number }).value + 1)
      try {
        const value = await fn(this.#repos)
        this.#bumpIndex.run()
        return { value, receipt: this.#ctx.close() }
      } catch (error) {
        this.#ctx.close()
        throw error
      }
    })
  }

  read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the store is closed'))
    return this.#queue.read(() => fn(this.#repos))
  }

  index(): number {
    return this.#index
  }

  tableIndex(table: StoreTable): number {
    return this.#tableIndex.get(table) ?? this.#openedAt
  }

  watch(minIndex: number, options: WatchOptions = {}): Promise<number> {
    const { tables, signal } = options
    if (this.#satisfies(minIndex, tables)) return Promise.resolve(this.#index)
    return new Promise((resolve, reject) => {
      // Callers loop on one long-lived signal (an agent session's): a watch that woke must
      // take its abort listener off it, or every commit leaves one behind.
      const abort = () => {
        this.#watchers.delete(watcher)
        reject(signal?.reason)
      }
      const watcher: Watcher = {
        minIndex,
        tables,
        wake: () => {
          if (!this.#closed && !this.#satisfies(minIndex, tables)) return
          this.#watchers.delete(watcher)
          signal?.removeEventListener('abort', abort)
          resolve(this.#index)
        },
      }
      this.#watchers.add(watcher)
      signal?.addEventListener('abort', abort, { once: true })
    })
  }

  async close(): Promise<void> {
    if (this.#closed) throw new Error('the store is closed')
    // Queued like a read: the writes before it commit first.
    await this.#queue.read(async () => {
      this.#closed = true
      this.#wakeAll()
      this.#db.close()
    })
  }

  #satisfies(minIndex: number, tables: readonly StoreTable[] | undefined): boolean {
    if (this.#index <= minIndex) return false
    return tables === undefined || tables.some((t) => this.tableIndex(t) > minIndex)
  }

  #committed(receipts: Receipt[]) {
    for (const r of receipts) {
      this.#index = Math.max(this.#index, r.index)
      for (const t of r.tables) this.#tableIndex.set(t, r.index)
    }
    this.#wakeAll()
  }

  #wakeAll() {
    for (const w of [...this.#watchers]) w.wake()
  }
}
