import type { StatsMessage } from '../../../core/agent-protocol.js'
import type { SessionContext } from './handlers.js'

/**
 * `stats`: handed to the metrics side in memory, with the instance that sent them (it may
 * speak only for its own tasks). Never written to the store, never acknowledged.
 */
export const statsHandler =
  (onStats: ((instanceArn: string, message: StatsMessage) => void) | undefined) =>
  (message: StatsMessage, session: SessionContext): void => {
    onStats?.(session.instanceArn, message)
  }
