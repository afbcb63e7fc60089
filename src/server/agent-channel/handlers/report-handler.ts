import type { ReportMessage } from '../../../core/agent-protocol.js'
import type { Clock } from '../../../core/clock.js'
import type { Store } from '../../../state/store.js'
import { applyReports } from './apply-reports.js'
import type { SessionContext } from './handlers.js'

/** `report`: what the agent observed of its tasks, applied in one transaction, then acknowledged. */
export const reportHandler =
  (store: Store, clock: Clock) =>
  async (message: ReportMessage, session: SessionContext): Promise<void> => {
    await store.txn((tx) => applyReports(tx, session.instanceArn, message.tasks, clock.now()))
    session.ack(message.seq)
  }
