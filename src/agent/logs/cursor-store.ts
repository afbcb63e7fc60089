import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../../core/log.js'
import type { LogPosition } from './resume-window.js'

/**
 * A stream's shipping cursor: where its acknowledged lines end. Persisted so that a restarted
 * agent resumes right after them (the position's `sinceMs`/`skip` say how; resume-window.ts).
 */
export interface LogCursor extends LogPosition {
  logGroupName: string
  logStreamName: string
  /** The runtime time (ms) of event `sequence`, the last acknowledged (absent for 0). */
  time?: number | undefined
}

const VERSION = 1

/**
 * Cursors on disk, one file per container under `<dataDir>/log-cursors/`, each replaced
 * whole (temporary file, fsync, rename), so a crash leaves the old cursor or the new one.
 * Saves are coalesced per container: at most one write in flight, then the latest cursor.
 * A lost or unreadable cursor costs duplicates only at the shipper (it re-reads the log from
 * the start and numbers the lines as before), and none in the stream: the server skips
 * sequence numbers it already applied.
 */
export class CursorStore {
  readonly #dir: string
  readonly #writes = new Map<string, { latest: LogCursor | undefined; done: Promise<void> }>()

  constructor(
    dataDir: string,
    private readonly logger: Logger,
  ) {
    this.#dir = join(dataDir, 'log-cursors')
  }

  async load(runtimeId: string): Promise<LogCursor | undefined> {
    let text: string
    try {
      text = await readFile(this.#path(runtimeId), 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn('cannot read a log cursor; shipping from the start', { runtimeId, error: e })
      return undefined
    }
    const cursor = parseCursor(text)
    if (!cursor) this.logger.warn('unreadable log cursor; shipping from the start', { runtimeId })
    return cursor
  }

  /** Writes in the background; `idle()` waits for it. Failures are logged (the next save retries). */
  save(runtimeId: string, cursor: LogCursor): void {
    const queued = this.#writes.get(runtimeId)
    if (queued) {
      queued.latest = cursor
      return
    }
    const entry: { latest: LogCursor | undefined; done: Promise<void> } = { latest: cursor, done: Promise.resolve() }
    entry.done = (async () => {
      try {
        for (let next = entry.latest; next; next = entry.latest) {
          entry.latest = undefined
          await this.#write(runtimeId, next).catch((e: unknown) => this.logger.warn('cannot save a log cursor', { runtimeId, error: e }))
        }
      } finally {
        this.#writes.delete(runtimeId)
      }
    })()
    this.#writes.set(runtimeId, entry)
  }

  /** Deletes the cursor once any write in flight has landed. */
  async remove(runtimeId: string): Promise<void> {
    await this.#writes.get(runtimeId)?.done
    await unlink(this.#path(runtimeId)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') this.logger.warn('cannot delete a log cursor', { runtimeId, error: e })
    })
  }

  /** Resolves once every save made so far is on disk (or has failed). */
  async idle(): Promise<void> {
    while (this.#writes.size > 0) await Promise.all([...this.#writes.values()].map((w) => w.done))
  }

  #path(runtimeId: string): string {
    return join(this.#dir, `${encodeURIComponent(runtimeId)}.json`)
  }

  async #write(runtimeId: string, cursor: LogCursor): Promise<void> {
    await mkdir(this.#dir, { recursive: true })
    const file = this.#path(runtimeId)
    const tmp = `${file}.tmp`
    const fh = await open(tmp, 'w')
    try {
      await fh.writeFile(JSON.stringify({ version: VERSION, runtimeId, ...cursor }) + '\n')
      await fh.datasync()
    } finally {
      await fh.close()
    }
    await rename(tmp, file)
  }
}

/** The cursor a file holds, or undefined when it is not one this version wrote. */
export function parseCursor(text: string): LogCursor | undefined {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof v !== 'object' || v === null) return undefined
  const o = v as Record<string, unknown>
  const count = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0
  const time = (x: unknown): x is number | undefined => x === undefined || (typeof x === 'number' && Number.isFinite(x))
  if (o['version'] !== VERSION || typeof o['logGroupName'] !== 'string' || typeof o['logStreamName'] !== 'string') return undefined
  if (!count(o['sequence']) || !count(o['skip']) || !time(o['sinceMs']) || !time(o['time'])) return undefined
  return { logGroupName: o['logGroupName'], logStreamName: o['logStreamName'], sequence: o['sequence'], sinceMs: o['sinceMs'], skip: o['skip'], time: o['time'] }
}
