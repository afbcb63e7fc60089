import type { LogsMessage } from '../../core/agent-protocol.js'
import type { Clock } from '../../core/clock.js'
import type { Logger } from '../../core/log.js'
import { appendLogEvents } from '../../state/logs-append.js'
import type { Store } from '../../state/store.js'

/**
 * Stores the container lines an agent shipped, one message in one transaction. A batch the
 * store refuses (its group is missing and awslogs-create-group is off, or a name is invalid)
 * is logged and dropped, as the awslogs driver's lines are when CloudWatch refuses them.
 */
export function createLogAppender(store: Store, clock: Clock, logger: Logger): (message: LogsMessage) => Promise<void> {
  return async (message) => {
    const refused = await store.txn(async (tx) => {
      const out: string[] = []
      for (const batch of message.batches) {
        const result = await appendLogEvents(tx, { ...batch, now: clock.now() })
        if (result.outcome === 'rejected') out.push(`${batch.logGroupName}/${batch.logStreamName}: ${result.message}`)
      }
      return out
    })
    for (const why of refused) logger.warn('dropped shipped log lines', { why })
  }
}
