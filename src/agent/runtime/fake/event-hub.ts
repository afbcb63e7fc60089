import type { RuntimeEvent } from '../observation.js'
import type { RuntimeEventStream } from '../runtime.js'

/** Fans events out to subscribers, each with its own queue, each ending when its signal aborts. */
export class EventHub {
  readonly #subscribers = new Set<(e: RuntimeEvent, labels: Record<string, string>) => void>()

  publish(event: RuntimeEvent, labels: Record<string, string>): void {
    for (const s of this.#subscribers) s(event, labels)
  }

  subscribe(signal: AbortSignal, filter: Record<string, string>): RuntimeEventStream {
    const queue: RuntimeEvent[] = []
    let wake: (() => void) | undefined
    const deliver = (e: RuntimeEvent, labels: Record<string, string>) => {
      if (!Object.entries(filter).every(([k, v]) => labels[k] === v)) return
      queue.push(e)
      wake?.()
    }
    const onAbort = () => {
      this.#subscribers.delete(deliver)
      wake?.()
    }
    // Subscribed now, not on first iteration: whatever happens after events() returns is kept.
    if (!signal.aborted) this.#subscribers.add(deliver)
    signal.addEventListener('abort', onAbort, { once: true })
    const subscribers = this.#subscribers
    async function* iterate(): AsyncGenerator<RuntimeEvent> {
      try {
        for (;;) {
          // What arrived before an abort is still delivered; nothing arrives after it.
          while (queue.length) yield queue.shift() as RuntimeEvent
          if (signal.aborted) return
          await new Promise<void>((resolve) => (wake = resolve))
          wake = undefined
        }
      } finally {
        subscribers.delete(deliver)
        signal.removeEventListener('abort', onAbort)
      }
    }
    return { ready: Promise.resolve(), [Symbol.asyncIterator]: () => iterate() }
  }
}
