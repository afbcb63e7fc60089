import type { StoreTable } from '../store.js'

/**
 * What the write transaction being run knows of itself: the index it will commit as, and the
 * tables it has written. The commit queue runs one write at a time, so one context serves
 * them all: SqliteStore opens it before a transaction's function runs and reads it after.
 * Repositories call touch() on every write: it records the table and gives the index to
 * stamp on the rows written (their `modified_index`).
 */
export class WriteContext {
  #index = 0
  #tables = new Set<StoreTable>()

  /** Starts a transaction that will commit as `index`. */
  open(index: number): void {
    this.#index = index
    this.#tables = new Set()
  }

  /** Records a write to `table`; returns the index to stamp on what was written. */
  touch(table: StoreTable): number {
    if (this.#index === 0) throw new Error(`a write to ${table} outside a transaction`)
    this.#tables.add(table)
    return this.#index
  }

  /** Ends the transaction: what it wrote, and as which index. */
  close(): { index: number; tables: StoreTable[] } {
    const receipt = { index: this.#index, tables: [...this.#tables] }
    this.#index = 0
    return receipt
  }
}
