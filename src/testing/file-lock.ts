import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * Runs `fn` holding a lock shared by every process on this machine (node's test runner runs
 * each test file in its own process). The lock is a directory, since mkdir is atomic; it
 * holds the owner's pid, so a lock left by a process that died is taken over.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const release = await acquireFileLock(path, timeoutMs)
  try {
    return await fn()
  } finally {
    release()
  }
}

/**
 * Takes the lock at `path` (see withFileLock) and resolves to its release, for a holder whose
 * hold spans more than one call: e.g. from a test file's before() to its after().
 */
export async function acquireFileLock(path: string, timeoutMs = 120_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      mkdirSync(path)
      writeFileSync(join(path, 'pid'), String(process.pid))
      return () => rmSync(path, { recursive: true, force: true })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      if (isStale(path)) {
        rmSync(path, { recursive: true, force: true })
        continue
      }
      if (Date.now() > deadline) throw new Error(`lock ${path} still held after ${timeoutMs} ms`, { cause: e })
      await sleep(100)
    }
  }
}

function isStale(path: string): boolean {
  try {
    const pid = Number(readFileSync(join(path, 'pid'), 'utf8'))
    process.kill(pid, 0)
    return false
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return true // its owner is gone
    if ((e as NodeJS.ErrnoException).code === 'EPERM') return false // alive, someone else's
    // No pid file yet: the owner is between mkdir and write, unless that was long ago.
    try {
      return Date.now() - statSync(path).mtimeMs > 10_000
    } catch {
      return false
    }
  }
}
