import { setPriority } from 'node:os'
import { parentPort } from 'node:worker_threads'
import { compileRegex, type MessagePredicate } from './filter-pattern.js'
import type { RegexReply, RegexRequest } from './regex-matcher.js'

/**
 * The worker thread that runs clients' regular expressions (regex-matcher.ts), so that no
 * pattern, and no message however long, holds the server's event loop. It matches one batch
 * at a time, in order, and stops early once the batch's budget is spent (after at least one
 * message, so every batch makes progress).
 */
let compiled: { source: string; matches: MessagePredicate } | undefined

// The lowest CPU priority, for this thread alone (Linux's nice is per thread): on a busy
// machine the server's event loop gets the CPU first, and clients' patterns what is left.
try {
  setPriority(19)
} catch {
  // Not permitted or not supported here: the worker runs at the process's priority.
}

parentPort?.on('message', (req: RegexRequest) => {
  const started = performance.now()
  let reply: RegexReply
  try {
    if (compiled?.source !== req.source) compiled = { source: req.source, matches: compileRegex(req.source) }
    const matched: number[] = []
    let i = 0
    for (; i < req.messages.length; i++) {
      if (i > 0 && performance.now() - started > req.budgetMs) break
      if (compiled.matches(req.messages[i]!)) matched.push(i)
    }
    reply = { id: req.id, matched, examined: i }
  } catch (error) {
    reply = { id: req.id, error: error instanceof Error ? error.message : String(error) }
  }
  parentPort?.postMessage(reply)
})
