import { Worker } from 'node:worker_threads'
import { LogsErrors } from '../../../core/errors.js'

/**
 * Runs a filter pattern's regular expression over messages off the event loop. RE2 is linear
 * in the message, but its constant grows with the program (up to about a thousand states,
 * regex-syntax.ts) and its first passes build its DFA: one 1 KB message can take 300 ms, one
 * 1 MB message tens of milliseconds, longer than a request may hold the loop (50 ms). So the
 * matching happens in one worker thread, started on first use and shared by every request:
 * the loop only waits for the answer, and serves other clients meanwhile.
 */
export interface RegexMatcher {
  /**
   * Which of `messages` match `source` (a pattern translateLogsRegex returned): the indices of
   * those that do among the first `examined`. At least one message is examined, and more until
   * `budgetMs` is spent; the caller continues after `examined`.
   */
  match(source: string, messages: readonly string[], budgetMs: number): Promise<RegexVerdict>
}

export interface RegexVerdict {
  matched: number[]
  examined: number
}

export interface RegexRequest {
  id: number
  source: string
  messages: readonly string[]
  budgetMs: number
}

export type RegexReply = { id: number; matched: number[]; examined: number } | { id: number; error: string }

/**
 * A worker that has not answered a batch this long after its budget is stuck on one message
 * (RE2 is linear, so only a pathological case gets here): it is terminated, the request that
 * sent the batch is refused, and the next request starts a fresh worker.
 */
export const STUCK_AFTER_MS = 10_000

interface Pending {
  request: RegexRequest
  resolve: (v: RegexVerdict) => void
  reject: (e: unknown) => void
}

/** One worker, one batch at a time in arrival order; an idle worker does not keep the process alive. */
export class WorkerRegexMatcher implements RegexMatcher {
  readonly #stuckAfterMs: number
  #worker: Worker | undefined
  #queue: Pending[] = []
  #current: (Pending & { stuck: NodeJS.Timeout }) | undefined
  #nextId = 1

  constructor(options: { stuckAfterMs?: number } = {}) {
    this.#stuckAfterMs = options.stuckAfterMs ?? STUCK_AFTER_MS
  }

  match(source: string, messages: readonly string[], budgetMs: number): Promise<RegexVerdict> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ request: { id: this.#nextId++, source, messages, budgetMs }, resolve, reject })
      this.#pump()
    })
  }

  /** Stops the worker; batches waiting are refused. */
  async close(): Promise<void> {
    const worker = this.#worker
    this.#worker = undefined
    this.#fail(new Error('the regex worker was closed'))
    for (const p of this.#queue.splice(0)) p.reject(new Error('the regex worker was closed'))
    await worker?.terminate()
  }

  #pump(): void {
    if (this.#current) return
    const next = this.#queue.shift()
    // Busy, the worker keeps the process alive like any pending I/O; idle, it does not.
    if (!next) return void this.#worker?.unref()
    const worker = this.#start()
    worker.ref()
    const stuck = setTimeout(() => {
      this.#fail(LogsErrors.serviceUnavailable('The filter pattern took too long to match one log event.'))
      this.#worker = undefined
      void worker.terminate()
      this.#pump()
    }, next.request.budgetMs + this.#stuckAfterMs)
    stuck.unref()
    this.#current = { ...next, stuck }
    worker.postMessage(next.request)
  }

  #start(): Worker {
    if (this.#worker) return this.#worker
    const worker = new Worker(new URL('./regex-worker.js', import.meta.url))
    worker.on('message', (reply: RegexReply) => {
      const current = this.#current
      if (!current || current.request.id !== reply.id) return
      clearTimeout(current.stuck)
      this.#current = undefined
      if ('error' in reply) current.reject(LogsErrors.invalidParameter(reply.error))
      else current.resolve({ matched: reply.matched, examined: reply.examined })
      this.#pump()
    })
    // A worker that died (out of memory, a bug) refuses the batch it had; the next starts anew.
    worker.on('error', (error) => {
      if (this.#worker === worker) this.#worker = undefined
      this.#fail(error)
      this.#pump()
    })
    this.#worker = worker
    return worker
  }

  #fail(error: unknown): void {
    const current = this.#current
    if (!current) return
    clearTimeout(current.stuck)
    this.#current = undefined
    current.reject(error)
  }
}

let shared: WorkerRegexMatcher | undefined

/** The process's one regex worker, started when a request first needs it. */
export const sharedRegexMatcher = (): RegexMatcher => (shared ??= new WorkerRegexMatcher())
