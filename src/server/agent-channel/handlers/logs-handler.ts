import type { LogsMessage } from '../../../core/agent-protocol.js'
import type { SessionContext } from './handlers.js'

/** `logs`: container lines appended (when the server keeps logs), then acknowledged so the agent moves its cursor. */
export const logsHandler =
  (appendLogs: ((message: LogsMessage) => Promise<void>) | undefined) =>
  async (message: LogsMessage, session: SessionContext): Promise<void> => {
    if (appendLogs) await appendLogs(message)
    session.ack(message.seq)
  }
