import { RuntimeErrors } from '../errors.js'
import type { RuntimeEvent } from '../observation.js'
import type { RuntimeEventStream } from '../runtime.js'
import type { EngineClient } from './engine-client.js'
import { toRuntimeEvent } from './from-docker.js'
import { readJsonLines } from './streams.js'

/**
 * `GET /events` for containers, as a RuntimeEventStream. The request starts at once, with
 * `since` set to now: the engine flushes its headers before it subscribes, and `since`
 * makes it replay from its buffer whatever happened in between, so nothing after `ready`
 * is missed.
 */
export function dockerEvents(client: EngineClient, signal: AbortSignal, labels: Record<string, string>): RuntimeEventStream {
  const filters = { type: ['container'], label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) }
  const since = (Date.now() / 1000).toFixed(3)
  const response = client.stream('GET', '/events', { query: { since, filters: JSON.stringify(filters) }, signal, timeoutMs: 10_000 })
  const ready = response.then((res) => {
    if (res.statusCode !== 200) {
      res.destroy()
      throw RuntimeErrors.engineUnreachable(client.endpoint.url, `event stream answered HTTP ${res.statusCode}`)
    }
  })
  ready.catch(() => {}) // awaited by whoever iterates; never an unhandled rejection
  async function* iterate(): AsyncGenerator<RuntimeEvent> {
    try {
      await ready
    } catch (e) {
      if (signal.aborted) return
      throw e
    }
    const res = await response
    try {
      for await (const raw of readJsonLines(res)) {
        const event = toRuntimeEvent(raw)
        if (event) yield event
      }
    } catch (e) {
      if (signal.aborted) return
      throw RuntimeErrors.engineUnreachable(client.endpoint.url, `event stream broke: ${e instanceof Error ? e.message : String(e)}`, e)
    } finally {
      res.destroy()
    }
    if (!signal.aborted) throw RuntimeErrors.engineUnreachable(client.endpoint.url, 'the engine closed the event stream')
  }
  return { ready, [Symbol.asyncIterator]: () => iterate() }
}
