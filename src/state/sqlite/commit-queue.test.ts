import Database from 'better-sqlite3'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, beforeEach, describe, it } from 'node:test'
import { CommitQueue } from './commit-queue.js'

describe('CommitQueue (group commit)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-commit-queue-'))
  let n = 0
  let db: Database.Database
  /** A second connection: it sees only what has committed. */
  let other: Database.Database
  let commits: number[]
  let receipts: string[][]
  let queue: CommitQueue<string>
  const rows = (conn: Database.Database) => (conn.prepare('SELECT v FROM t ORDER BY v').all() as { v: string }[]).map((r) => r.v)
  const insert = (v: string) => async () => {
    db.prepare('INSERT INTO t (v) VALUES (?)').run(v)
    return { value: undefined, receipt: v }
  }

  beforeEach(() => {
    const path = join(dir, `q-${n++}.db`)
    db = new Database(path)
    db.pragma('journal_mode = WAL')
    db.exec('CREATE TABLE t (v TEXT PRIMARY KEY)')
    other = new Database(path, { readonly: true })
    commits = []
    receipts = []
    queue = new CommitQueue(db, (r) => {
      commits.push(r.length)
      receipts.push(r)
    })
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('commits writes queued together in one transaction, and acknowledges each only after it', async () => {
    const seenAtAck: string[][] = []
    const writes = ['a', 'b', 'c'].map((v) => queue.write(insert(v)).then(() => seenAtAck.push(rows(other))))
    await Promise.all(writes)
    assert.deepEqual(commits, [3])
    assert.deepEqual(seenAtAck, [['a', 'b', 'c'], ['a', 'b', 'c'], ['a', 'b', 'c']])
  })

  it('rolls back a failing write alone; the rest of its batch commits', async () => {
    const results = await Promise.allSettled([
      queue.write(insert('a')),
      queue.write(async () => {
        await insert('b')()
        throw new Error('refused')
      }),
      queue.write(insert('c')),
    ])
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled'])
    assert.deepEqual(rows(other), ['a', 'c'])
    assert.deepEqual(commits, [2])
    assert.deepEqual(receipts, [['a', 'c']], 'the owner hears of the writes that committed, not the one rolled back')
  })

  it('commits the writes before a read, so the read never sees an uncommitted one', async () => {
    const w1 = queue.write(insert('a'))
    const read = queue.read(async () => ({ mine: rows(db), committed: rows(other) }))
    const w2 = queue.write(insert('b'))
    await Promise.all([w1, w2])
    assert.deepEqual(await read, { mine: ['a'], committed: ['a'] })
    assert.deepEqual(commits, [1, 1])
  })

  it('keeps queue order when a read on an idle queue starts at once', async () => {
    const read = queue.read(async () => rows(db))
    const write = queue.write(insert('a'))
    const later = queue.read(async () => rows(other))
    await write
    assert.deepEqual([await read, await later], [[], ['a']])
  })

  it('refuses every write of a batch that SQLite rolled back whole', async () => {
    const results = await Promise.allSettled([
      queue.write(insert('a')),
      queue.write(async () => {
        db.exec('ROLLBACK') // what SQLite does itself on an I/O error or a full disk
        throw new Error('disk I/O error')
      }),
      queue.write(insert('c')),
    ])
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected', 'fulfilled'])
    assert.deepEqual(rows(other), ['c'])
  })

  it('refuses every write of a batch whose COMMIT fails', async () => {
    // A deferred foreign key is checked at COMMIT: the one way to make COMMIT itself fail here.
    db.pragma('foreign_keys = ON')
    db.exec('CREATE TABLE child (parent TEXT REFERENCES t (v) DEFERRABLE INITIALLY DEFERRED)')
    const results = await Promise.allSettled([
      queue.write(insert('a')),
      queue.write(async () => {
        db.prepare(`INSERT INTO child VALUES ('nobody')`).run()
        return { value: undefined, receipt: 'child' }
      }),
    ])
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected'])
    assert.deepEqual(rows(other), [])
    assert.deepEqual(commits, [])
    await queue.write(insert('after'))
    assert.deepEqual(rows(other), ['after'])
  })

  it('caps a batch, so the first write does not wait for an unbounded number of others', async () => {
    await Promise.all(Array.from({ length: 200 }, (_, i) => queue.write(insert(`v${i}`))))
    assert.deepEqual(commits, [128, 72])
  })
})
