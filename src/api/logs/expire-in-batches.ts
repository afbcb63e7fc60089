import type { Store } from '../../state/store.js'
import { yieldToEventLoop } from './events/scan-budget.js'

/**
 * Events deleted per transaction: about 5 ms of the event loop (SQLite deletes an event in
 * about 2.5 µs on this project's machine, reading its size first), and what a write to a stream
 * deletes of its expired events at most.
 */
export const EXPIRE_BATCH = 2_000

/**
 * Deletes the events older than `minTimestamp` of a stream or a group, EXPIRE_BATCH at a time,
 * each batch its own transaction, with the event loop given back between them: a group of a
 * million events is 500 short writes, not one 2.5 s one. Returns how many it deleted.
 */
export async function expireInBatches(store: Store, scope: { streamId: number } | { groupId: number }, minTimestamp: number): Promise<number> {
  let total = 0
  for (;;) {
    const n = await store.txn((tx) => tx.logs.expireEvents(scope, minTimestamp, EXPIRE_BATCH))
    total += n
    if (n < EXPIRE_BATCH) return total
    await yieldToEventLoop()
  }
}

/** Every event: deleting a stream's or a group's events before the stream or group itself. */
export const ALL_EVENTS = Number.MAX_SAFE_INTEGER
