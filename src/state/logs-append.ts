import { LOG_GROUP_NAME, isLogStreamName, retentionCutoff, type NewLogEvent } from '../core/model/log.js'
import type { WriteTx } from './store.js'

/**
 * Appends container log lines shipped by an agent (the `awslogs` driver's job), inside the
 * caller's transaction: call it from `store.txn`, one call per LogBatch, so a message with
 * several batches commits whole or not at all.
 *
 *   await store.txn(async (tx) => {
 *     for (const b of message.batches) results.push(await appendLogEvents(tx, { ...b, now: clock.now() }))
 *   })
 *
 * What it does, in order:
 *   1. refuses names CloudWatch Logs would refuse (the result says why; nothing is written);
 *   2. finds the group, or creates it when `createGroup` (awslogs-create-group: true), else
 *      answers `group-missing` as the awslogs driver would see ResourceNotFoundException;
 *   3. finds the stream, creating it if missing (the driver always creates its stream);
 *   4. drops the events a re-sent batch already delivered (below), empty messages (AWS refuses
 *      them) and events older than the group's retention;
 *   5. stores the rest in the order given. Unlike PutLogEvents, it does not refuse batches out
 *      of timestamp order or older than 14 days: a container's lines are what they are.
 *
 * Idempotence. Each stream has one shipper (the agent that runs its container: awslogs stream
 * names are `<prefix>/<container>/<task id>`). The shipper numbers the lines of a stream 1, 2,
 * 3, ... and sends `firstSequence` = the number of `events[0]`; the events of a batch are
 * numbered consecutively from there. The stream remembers the highest number applied
 * (`LogStreamRecord.shippedThrough`); events numbered at or below it are duplicates and are
 * skipped. So a batch re-sent after a reconnect, whose first send was committed but not
 * acknowledged, changes nothing, and a batch that overlaps one already applied adds only its
 * new tail. A reconnecting agent may read `shippedThrough` (tx.logs.stream) to know where to
 * resume. Without `firstSequence` there is no de-duplication: every call appends.
 */
export interface AppendLogEventsInput {
  logGroupName: string
  logStreamName: string
  createGroup: boolean
  events: readonly NewLogEvent[]
  /** The shipper's sequence number of `events[0]` (≥ 1); see above. */
  firstSequence?: number | undefined
  /** Ingestion time, epoch milliseconds. */
  now: number
}

export type AppendLogEventsResult =
  | {
      outcome: 'applied'
      /** Events stored by this call. */
      appended: number
      /** Events skipped because an earlier call with the same sequence numbers stored them. */
      duplicates: number
      /** Events skipped for an empty message or a timestamp older than the group's retention. */
      dropped: number
      /** The stream's highest applied shipper sequence after this call (0 when unnumbered). */
      shippedThrough: number
    }
  | { outcome: 'rejected'; reason: AppendRejectReason; message: string }

export const APPEND_REJECT_REASONS = ['group-missing', 'invalid-group-name', 'invalid-stream-name', 'invalid-sequence'] as const
export type AppendRejectReason = (typeof APPEND_REJECT_REASONS)[number]

export async function appendLogEvents(tx: WriteTx, input: AppendLogEventsInput): Promise<AppendLogEventsResult> {
  const { logGroupName, logStreamName, firstSequence, now } = input
  if (!LOG_GROUP_NAME.test(logGroupName)) return reject('invalid-group-name', `Invalid log group name ${logGroupName}.`)
  if (!isLogStreamName(logStreamName)) return reject('invalid-stream-name', `Invalid log stream name ${logStreamName}.`)
  if (firstSequence !== undefined && !(Number.isSafeInteger(firstSequence) && firstSequence >= 1)) {
    return reject('invalid-sequence', `firstSequence must be a positive integer, not ${firstSequence}.`)
  }

  let group = await tx.logs.group(logGroupName)
  if (!group) {
    if (!input.createGroup) return reject('group-missing', 'The specified log group does not exist.')
    group = await tx.logs.createGroup({ name: logGroupName, creationTime: now })
  }
  const stream = (await tx.logs.stream(group.id, logStreamName)) ?? (await tx.logs.createStream(group.id, logStreamName, now))

  const skip = firstSequence === undefined ? 0 : clamp(stream.shippedThrough - firstSequence + 1, 0, input.events.length)
  const cutoff = retentionCutoff(group.retentionInDays, now)
  const fresh = input.events.slice(skip)
  const kept = fresh.filter((e) => e.message.length > 0 && e.timestamp >= cutoff)
  await tx.logs.appendEvents(stream.id, kept, now)

  let shippedThrough = stream.shippedThrough
  if (firstSequence !== undefined && input.events.length > 0) {
    shippedThrough = Math.max(shippedThrough, firstSequence + input.events.length - 1)
    await tx.logs.setShippedThrough(stream.id, shippedThrough)
  }
  // At most a batch a write: expired events are never read, and later writes take the rest.
  if (cutoff > 0) await tx.logs.expireEvents({ streamId: stream.id }, cutoff, EXPIRE_PER_WRITE)
  return { outcome: 'applied', appended: kept.length, duplicates: skip, dropped: fresh.length - kept.length, shippedThrough }
}

const reject = (reason: AppendRejectReason, message: string): AppendLogEventsResult => ({ outcome: 'rejected', reason, message })
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n))

/** Expired events a write deletes at most (src/api/logs/expire-in-batches.ts' batch). */
const EXPIRE_PER_WRITE = 2_000
