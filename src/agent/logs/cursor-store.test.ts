import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { silentLogger } from '../../core/log.js'
import { CursorStore, parseCursor, type LogCursor } from './cursor-store.js'

const dirs: string[] = []
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'berth-cursors-'))
  dirs.push(d)
  return d
}
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const cursor = (sequence: number): LogCursor => ({ logGroupName: 'g', logStreamName: 'p/web/0123', sequence, sinceMs: 1_000 + sequence, skip: 2, time: 3_000 + sequence })

describe('CursorStore', () => {
  it('saves and loads a cursor, one file per container, with no temporary file left', async () => {
    const dir = dataDir()
    const store = new CursorStore(dir, silentLogger)
    store.save('abc', cursor(7))
    await store.idle()
    assert.deepEqual(await new CursorStore(dir, silentLogger).load('abc'), cursor(7))
    assert.deepEqual(readdirSync(join(dir, 'log-cursors')), ['abc.json'])
  })

  it('coalesces saves: the last one wins, and at most one write is in flight', async () => {
    const dir = dataDir()
    const store = new CursorStore(dir, silentLogger)
    for (let i = 1; i <= 100; i++) store.save('abc', cursor(i))
    await store.idle()
    assert.equal((await store.load('abc'))?.sequence, 100)
  })

  it('removes a cursor after the write in flight lands', async () => {
    const dir = dataDir()
    const store = new CursorStore(dir, silentLogger)
    store.save('abc', cursor(1))
    await store.remove('abc')
    await store.idle()
    assert.equal(await store.load('abc'), undefined)
    await store.remove('never-saved')
  })

  it('treats an unreadable cursor as none (shipping restarts from the first line)', async () => {
    const dir = dataDir()
    mkdirSync(join(dir, 'log-cursors'))
    writeFileSync(join(dir, 'log-cursors', 'abc.json'), '{"version":1,"sequence":')
    assert.equal(await new CursorStore(dir, silentLogger).load('abc'), undefined)
  })

  it('parses only what it wrote', () => {
    const good = JSON.stringify({ version: 1, runtimeId: 'x', ...cursor(3) })
    assert.deepEqual(parseCursor(good), cursor(3))
    assert.deepEqual(parseCursor(JSON.stringify({ version: 1, logGroupName: 'g', logStreamName: 's', sequence: 0, skip: 0 })), { logGroupName: 'g', logStreamName: 's', sequence: 0, skip: 0, sinceMs: undefined, time: undefined })
    for (const bad of ['', 'null', '[]', JSON.stringify({ ...JSON.parse(good), version: 2 }), JSON.stringify({ ...JSON.parse(good), sequence: -1 }), JSON.stringify({ ...JSON.parse(good), skip: 1.5 })]) {
      assert.equal(parseCursor(bad), undefined, bad)
    }
  })
})
