import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { ReadTx, Store, WriteTx } from '../store.js'
import { CommitQueue } from './commit-queue.js'
import { migrate } from './migrate.js'
import { createRepos } from './repos.js'

export interface SqliteStoreOptions {
  /** A file path, or ':memory:' for a store that lives as long as the process (tests). */
  path: string
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
 */
export class SqliteStore implements Store {
  readonly #db: Database.Database
  readonly #repos: WriteTx
  readonly #queue: CommitQueue
  readonly #bumpIndex: Database.Statement
  #index: number
  readonly #waiters = new Set<() => void>()
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
    this.#repos = createRepos(this.#db)
    this.#bumpIndex = this.#db.prepare(`UPDATE meta SET value = value + 1 WHERE key = 'index'`)
    this.#index = (this.#db.prepare(`SELECT value FROM meta WHERE key = 'index'`).get() as { value: number }).value
    this.#queue = new CommitQueue(this.#db, (writes) => {
      this.#index += writes
      this.#wake()
    })
  }

  txn<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the store is closed'))
    return this.#queue.write(async () => {
      const result = await fn(this.#repos)
      this.#bumpIndex.run()
      return result
    })
  }

  read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the store is closed'))
    return this.#queue.read(() => fn(this.#repos))
  }

  index(): number {
    return this.#index
  }

  watch(minIndex: number, signal?: AbortSignal): Promise<number> {
    if (this.#index > minIndex) return Promise.resolve(this.#index)
    return new Promise((resolve, reject) => {
      // Callers loop on one long-lived signal (an agent session's): a watch that woke must
      // take its abort listener off it, or every commit leaves one behind.
      const abort = () => {
        this.#waiters.delete(wake)
        reject(signal?.reason)
      }
      const wake = () => {
        if (this.#index <= minIndex && !this.#closed) return
        this.#waiters.delete(wake)
        signal?.removeEventListener('abort', abort)
        resolve(this.#index)
      }
      this.#waiters.add(wake)
      signal?.addEventListener('abort', abort, { once: true })
    })
  }

  async close(): Promise<void> {
    if (this.#closed) throw new Error('the store is closed')
    // Queued like a read: the writes before it commit first.
    await this.#queue.read(async () => {
      this.#closed = true
      this.#wake()
      this.#db.close()
    })
  }

  #wake() {
    for (const wake of [...this.#waiters]) wake()
  }
}
