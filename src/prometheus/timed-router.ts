import type { Router } from '../api/router.js'
import { requestLabels, type RequestLabels } from './request-labels.js'

/**
 * How many (api, operation) pairs get their own series. Operations are names the client
 * sends, so past this every new pair is counted as `other`: a scan of made-up operations
 * cannot grow the exposition without bound. Berth serves fewer than 200 operations.
 */
export const MAX_OPERATION_SERIES = 500

/**
 * The router, timed: `observe` is told each request's labels and how long the router took to
 * answer it (authentication, the operation, rendering), in seconds. The HTTP server's own
 * timing (http-server.ts onRequestTimed) also counts reading the body, and knows no operation.
 */
export function timedRouter(router: Router, observe: (labels: RequestLabels, seconds: number) => void): Router {
  const seen = new Set<string>()
  const capped = (labels: RequestLabels): RequestLabels => {
    const key = `${labels.api}.${labels.operation}`
    if (seen.has(key)) return labels
    if (seen.size >= MAX_OPERATION_SERIES) return { api: labels.api, operation: 'other' }
    seen.add(key)
    return labels
  }
  return {
    async handle(req) {
      const started = performance.now()
      try {
        return await router.handle(req)
      } finally {
        observe(capped(requestLabels(req)), (performance.now() - started) / 1000)
      }
    },
  }
}
