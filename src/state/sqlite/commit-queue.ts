import type Database from 'better-sqlite3'

/**
 * Group commit over one SQLite connection. Jobs run one at a time, in the order they were
 * queued. Consecutive write jobs share one SQLite transaction, each inside its own savepoint:
 * a job that throws rolls back to its savepoint alone, and the others commit together, with
 * one fsync. Invariants:
 *   - a write's promise resolves only after the COMMIT that made it durable;
 *   - a read runs only after the writes queued before it have committed, so it never sees
 *     one that could still be lost;
 *   - a write that failed left nothing behind (its savepoint was rolled back).
 *
 * Why: with synchronous=FULL every COMMIT waits for an fsync, and better-sqlite3 waits on the
 * event loop. One fsync per write made the write path a queue of fsyncs, each followed by a
 * wake-up the scheduler may delay when the CPU is shared; one per batch pays that once for
 * every write that arrived meanwhile. A write waits for setImmediate before the queue is
 * drained, after the event loop has read every request already waiting on a socket, so those
 * form the batch. A read on an idle queue starts at once: it has nothing to wait for.
 */
interface Job {
  kind: 'read' | 'write'
  /** A write resolves to `{ value, receipt }`; a read to its value. */
  run: () => Promise<unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

/** What a write job hands back: the value its caller gets, and what the queue's owner is told at commit. */
export interface WriteResult<T, R> {
  value: T
  receipt: R
}

interface Done<R> {
  job: Job
  value: unknown
  receipt: R
}

/** Bounds how long the first write of a batch waits for the last one. */
const MAX_BATCH = 128

export class CommitQueue<R = undefined> {
  readonly #db: Database.Database
  readonly #onCommit: (receipts: R[]) => void
  #jobs: Job[] = []
  #scheduled = false

  /**
   * `onCommit(receipts)` is told after each COMMIT the receipts of the writes it made durable,
   * in the order they ran, before any of them is acknowledged.
   */
  constructor(db: Database.Database, onCommit: (receipts: R[]) => void) {
    this.#db = db
    this.#onCommit = onCommit
  }

  /** Runs `run` in the batch's transaction; resolves with its value once committed. */
  write<T>(run: () => Promise<WriteResult<T, R>>): Promise<T> {
    return this.#enqueue<T>('write', run)
  }

  read<T>(run: () => Promise<T>): Promise<T> {
    return this.#enqueue('read', run)
  }

  #enqueue<T>(kind: Job['kind'], run: () => Promise<unknown>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#jobs.push({ kind, run, resolve: resolve as (value: unknown) => void, reject })
      this.#schedule(kind === 'read')
    })
  }

  /** Starts draining (in a microtask, or after the event loop's I/O); never twice at a time. */
  #schedule(now = false) {
    if (this.#scheduled) return
    this.#scheduled = true
    if (now) queueMicrotask(() => void this.#drain())
    else setImmediate(() => void this.#drain())
  }

  async #drain() {
    const done: Done<R>[] = []
    try {
      for (let job = this.#jobs.shift(); job; job = this.#jobs.shift()) {
        if (job.kind === 'read') {
          this.#commit(done)
          await job.run().then(job.resolve, job.reject)
          continue
        }
        await this.#runWrite(job, done)
        if (done.length >= MAX_BATCH) this.#commit(done)
      }
      this.#commit(done)
    } finally {
      this.#scheduled = false
      if (this.#jobs.length) this.#schedule()
    }
  }

  /** Runs one write in its own savepoint of the open transaction; `done` gets it if it worked. */
  async #runWrite(job: Job, done: Done<R>[]) {
    try {
      if (!this.#db.inTransaction) this.#db.exec('BEGIN IMMEDIATE')
      this.#db.exec('SAVEPOINT write')
    } catch (error) {
      job.reject(error)
      return
    }
    try {
      const { value, receipt } = (await job.run()) as WriteResult<unknown, R>
      this.#db.exec('RELEASE write')
      done.push({ job, value, receipt })
    } catch (error) {
      if (this.#db.inTransaction) {
        this.#db.exec('ROLLBACK TO write')
        this.#db.exec('RELEASE write')
      } else {
        // SQLite rolled the whole transaction back (an I/O error, a full disk): the writes
        // before this one in the batch are gone too, and must not be acknowledged.
        for (const d of done.splice(0)) d.job.reject(error)
      }
      job.reject(error)
    }
  }

  /** Commits the open transaction, then acknowledges its writes; on failure, refuses them all. */
  #commit(done: Done<R>[]) {
    if (!this.#db.inTransaction) return
    const batch = done.splice(0)
    try {
      this.#db.exec('COMMIT')
    } catch (error) {
      if (this.#db.inTransaction) this.#db.exec('ROLLBACK')
      for (const d of batch) d.job.reject(error)
      return
    }
    if (batch.length) this.#onCommit(batch.map((d) => d.receipt))
    for (const d of batch) d.job.resolve(d.value)
  }
}
