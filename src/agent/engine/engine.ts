import type { DesiredTask, LogBatch, TaskReport } from '../../core/agent-protocol.js'

/**
 * The agent's task engine as the channel sees it: the server's desired set goes in, reports of
 * what happened on the runtime come out. The engine owns every task's statuses (one owner
 * per task); the channel only carries messages.
 */
export interface TaskEngine {
  /**
   * Rebuilds known state from the runtime (containers carrying this instance's labels) and
   * starts watching it. Resolves once `snapshot()` is true to the runtime.
   */
  start(): Promise<void>
  /** The whole desired set for this instance, as the server sent it (level-triggered). */
  setDesired(tasks: readonly DesiredTask[]): void
  /** Everything the engine knows now: what `hello` carries. */
  snapshot(): TaskReport[]
  /** Called whenever what the engine knows of a task changes. */
  onReport(listener: (report: TaskReport) => void): void
  /** Called with container log lines of awslogs containers, in order per stream. */
  onLogs(listener: (batch: LogBatch) => void): void
  /**
   * The server has committed this batch: the engine may move the stream's shipping cursor past
   * it, so a restarted agent resumes after it instead of before it.
   */
  logsAcknowledged(batch: LogBatch): void
  /** Stops the engine's loops; containers keep running, as the ECS agent leaves them. */
  stop(): Promise<void>
}
