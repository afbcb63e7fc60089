import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'

/**
 * One agent per data folder. Two agents on one folder are one container instance twice: each
 * re-registers it and takes its channel session from the other, forever. So an agent holds
 * `agent.lock` in its folder, a file naming its PID, created exclusively; another agent
 * refuses to start while that process lives, and takes the lock over once it is gone (an
 * agent killed outright leaves its lock behind). A clean stop removes it.
 */
export const LOCK_FILE = 'agent.lock'

export class DataFolderInUseError extends Error {
  constructor(
    readonly folder: string,
    readonly holderPid: number,
  ) {
    super(
      `the data folder ${folder} is in use by another agent (PID ${holderPid}): stop that agent first, or give this one a folder of its own (ECS_DATADIR, --data-dir)`,
    )
  }
}

export interface DataFolderLock {
  readonly file: string
  /** Removes the lock file if it still names this process; safe to call twice. */
  release(): Promise<void>
}

/**
 * Lock files this process created. A lock naming this process's PID that is not among them
 * was left by an earlier process that had the same PID (an agent in a container is often
 * PID 1 on every start): it is stale, not ours.
 */
const heldHere = new Set<string>()

export async function lockDataFolder(dataDir: string): Promise<DataFolderLock> {
  const folder = resolve(dataDir)
  await mkdir(folder, { recursive: true })
  const file = join(folder, LOCK_FILE)
  // Each pass either takes the lock, refuses, or removes a stale one; a few passes settle any
  // race between agents starting together.
  for (let pass = 0; pass < 5; pass++) {
    if (await createExclusive(file)) {
      heldHere.add(file)
      return { file, release: () => release(file) }
    }
    const holder = await readHolder(file)
    if (holder !== undefined && holderLives(file, holder)) throw new DataFolderInUseError(folder, holder)
    await removeStale(file, holder)
  }
  throw new Error(`could not take the lock ${file}: agents keep starting on the folder ${folder} at the same moment`)
}

/** Writes the PID to a file of its own, then links it into place: the lock never exists half-written. */
async function createExclusive(file: string): Promise<boolean> {
  const tmp = `${file}.${process.pid}.tmp`
  await writeFile(tmp, `${process.pid}\n`)
  try {
    await link(tmp, file)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    await unlink(tmp).catch(() => undefined)
  }
}

/** The PID a lock file names; undefined when it is gone or holds no PID (then it is stale). */
async function readHolder(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '')
  const pid = Number(text.trim())
  return Number.isInteger(pid) && pid > 0 ? pid : undefined
}

function holderLives(file: string, pid: number): boolean {
  if (pid === process.pid) return heldHere.has(file)
  try {
    process.kill(pid, 0) // signal 0: checks that the process exists, sends nothing
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' // exists, but belongs to another user
  }
}

/**
 * Moves a stale lock aside, then deletes it. A rename succeeds for one agent only; if what it
 * moved is not the stale lock it judged (another agent took the lock in between), it puts
 * that one back and refuses as if it had found it.
 */
async function removeStale(file: string, judged: number | undefined): Promise<void> {
  const aside = `${file}.stale.${process.pid}`
  try {
    await rename(file, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return // someone else removed it: try again
    throw error
  }
  const moved = await readHolder(aside)
  if (moved !== judged && moved !== undefined && holderLives(file, moved)) {
    await link(aside, file).catch(() => undefined)
    await unlink(aside).catch(() => undefined)
    throw new DataFolderInUseError(resolve(file, '..'), moved)
  }
  await unlink(aside).catch(() => undefined)
}

async function release(file: string): Promise<void> {
  if (!heldHere.delete(file)) return
  if ((await readHolder(file)) === process.pid) await unlink(file).catch(() => undefined)
}
