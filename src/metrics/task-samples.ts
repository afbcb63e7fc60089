import type { StatsMessage } from '../core/agent-protocol.js'

/** One task's latest resource use as its agent sampled it: the sum of its containers'. */
export interface TaskSample {
  /** The instance whose agent sent it: only that instance's tasks count (an agent speaks for its own). */
  instanceArn: string
  /** When the server received it (its clock: agents' clocks may differ). */
  receivedAt: number
  cpuUnits: number
  memoryMiB: number
}

const MIB = 1024 * 1024

/**
 * The latest sample of each task, in memory only: samples never pass through the store (its
 * watch would wake every controller several times a second). One entry per task, replaced by
 * each frame and dropped once stale, so it holds at most the tasks sampled recently.
 */
export class TaskSampleBook {
  readonly #latest = new Map<string, TaskSample>()

  /** A `stats` frame from the agent of `instanceArn`, received at `now`. */
  record(instanceArn: string, message: StatsMessage, now: number): void {
    for (const task of message.tasks) {
      if (task.containers.length === 0) continue
      let cpuUnits = 0
      let bytes = 0
      for (const c of task.containers) {
        cpuUnits += c.cpuUnits
        bytes += c.memoryBytes
      }
      this.#latest.set(task.taskArn, { instanceArn, receivedAt: now, cpuUnits, memoryMiB: bytes / MIB })
    }
  }

  /** The task's latest sample, if its own instance sent it at or after `notBefore`. */
  recent(taskArn: string, instanceArn: string, notBefore: number): TaskSample | undefined {
    const s = this.#latest.get(taskArn)
    return s && s.instanceArn === instanceArn && s.receivedAt >= notBefore ? s : undefined
  }

  /** Forgets samples received before `cutoff` (their tasks stopped, or their agents went quiet). */
  prune(cutoff: number): void {
    for (const [arn, s] of this.#latest) if (s.receivedAt < cutoff) this.#latest.delete(arn)
  }

  get size(): number {
    return this.#latest.size
  }
}
