import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { DataFolderInUseError, LOCK_FILE, lockDataFolder } from './data-lock.js'

const folder = () => mkdtempSync(join(tmpdir(), 'berth-lock-'))

/** A process that lives until killed: another agent, as far as the lock can tell. */
function otherProcess() {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' })
  return { pid: child.pid!, kill: () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGKILL'))) }
}

describe('the data folder lock', () => {
  it('is a file naming this process, removed on release', async () => {
    const dir = folder()
    const lock = await lockDataFolder(dir)
    assert.equal(readFileSync(join(dir, LOCK_FILE), 'utf8'), `${process.pid}\n`)
    await lock.release()
    assert.equal(existsSync(join(dir, LOCK_FILE)), false)
    await lock.release() // twice is harmless
  })

  it('refuses a folder this process already holds (a second in-process agent)', async () => {
    const dir = folder()
    const lock = await lockDataFolder(dir)
    await assert.rejects(lockDataFolder(dir), (e: unknown) => e instanceof DataFolderInUseError && e.holderPid === process.pid && e.message.includes(dir))
    await lock.release()
    await (await lockDataFolder(dir)).release()
  })

  it('refuses while another live process holds it, and takes it over once that process is gone', async () => {
    const dir = folder()
    const other = otherProcess()
    writeFileSync(join(dir, LOCK_FILE), `${other.pid}\n`)
    await assert.rejects(lockDataFolder(dir), new RegExp(`the data folder ${dir} is in use by another agent \\(PID ${other.pid}\\)`))
    await other.kill()
    const lock = await lockDataFolder(dir)
    assert.equal(readFileSync(join(dir, LOCK_FILE), 'utf8'), `${process.pid}\n`)
    await lock.release()
  })

  const STALE = [
    { why: 'it names this PID but an earlier process left it (an agent in a container is PID 1 each time)', text: () => `${process.pid}\n` },
    { why: 'it holds no PID', text: () => 'garbage' },
    { why: 'it is empty', text: () => '' },
  ]
  for (const { why, text } of STALE) {
    it(`takes over a lock file when ${why}`, async () => {
      const dir = folder()
      writeFileSync(join(dir, LOCK_FILE), text())
      const lock = await lockDataFolder(dir)
      assert.equal(readFileSync(join(dir, LOCK_FILE), 'utf8'), `${process.pid}\n`)
      await lock.release()
    })
  }

  it('leaves alone a lock another process took after this one was released', async () => {
    const dir = folder()
    const lock = await lockDataFolder(dir)
    const other = otherProcess()
    writeFileSync(join(dir, LOCK_FILE), `${other.pid}\n`) // as if this process's lock had been taken over
    await lock.release()
    assert.equal(readFileSync(join(dir, LOCK_FILE), 'utf8'), `${other.pid}\n`)
    await other.kill()
  })
})
