import Database from 'better-sqlite3'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { migrate } from './migrate.js'
import { MIGRATIONS } from './migrations.js'
import { SqliteStore } from './sqlite-store.js'

const dir = mkdtempSync(join(tmpdir(), 'berth-migrate-'))
let n = 0
const newPath = () => join(dir, `db-${n++}.db`)
const userVersion = (db: Database.Database) => db.pragma('user_version', { simple: true }) as number
const tables = (db: Database.Database) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((t) => t.name)

describe('the migration runner', () => {
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('brings a fresh store to user_version = the number of migrations', async () => {
    const path = newPath()
    await new SqliteStore({ path }).close()
    const db = new Database(path, { readonly: true })
    assert.equal(userVersion(db), MIGRATIONS.length)
    assert.ok(tables(db).includes('clusters'))
    db.close()
  })

  it('runs each migration once: reopening runs none, a new one runs alone', () => {
    const db = new Database(newPath())
    const first = ['CREATE TABLE runs (n INTEGER)', 'INSERT INTO runs VALUES (1)']
    migrate(db, first)
    migrate(db, first)
    assert.equal(userVersion(db), 2)
    migrate(db, [...first, 'INSERT INTO runs VALUES (2)'])
    assert.deepEqual(db.prepare('SELECT n FROM runs').all(), [{ n: 1 }, { n: 2 }])
    assert.equal(userVersion(db), 3)
    db.close()
  })

  it('keeps a reopened store whole', async () => {
    const path = newPath()
    const store = new SqliteStore({ path })
    await store.txn((tx) => tx.tags.put('arn:x', [{ key: 'k', value: 'v' }]))
    await store.close()
    const again = new SqliteStore({ path })
    assert.deepEqual(await again.read((tx) => tx.tags.get('arn:x')), [{ key: 'k', value: 'v' }])
    await again.close()
  })

  it('rolls a failing migration back whole, leaving the version of the one before', () => {
    const db = new Database(newPath())
    assert.throws(() => migrate(db, ['CREATE TABLE a (x)', 'CREATE TABLE b (x); INSERT INTO missing VALUES (1)']), /missing/)
    assert.equal(userVersion(db), 1)
    assert.deepEqual(tables(db), ['a'])
    db.close()
  })

  it('refuses a database from a newer Berth with a message that says so, and leaves it as it was', () => {
    const path = newPath()
    const db = new Database(path)
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`)
    db.close()
    assert.throws(
      () => new SqliteStore({ path }),
      (e: Error) => e.message.includes(path) && /schema version \d+, newer than this Berth knows \(\d+\); upgrade Berth/.test(e.message),
    )
    const after = new Database(path, { readonly: true })
    assert.equal(userVersion(after), MIGRATIONS.length + 1)
    assert.deepEqual(tables(after), [])
    after.close()
  })
})
