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
