import type { TaskReport } from '../../core/agent-protocol.js'
import type { ContainerObservation } from '../runtime/observation.js'
import { HOLDER_NAME, LABELS } from './labels.js'
import type { AdoptedContainer } from './task-manager.js'
import { buildReport, ESSENTIAL_EXITED_REASON, observe, taskKnownStatus, type ContainerState, type TaskState } from './task-state.js'

/**
 * After a restart the agent finds its containers by their labels, before the server has said
 * what it wants: they are grouped by task here, and reported as seen (for `hello`). A
 * container that ran and exited while the agent was away is STOPPED with its exit code.
 */
export function groupAdopted(observations: readonly ContainerObservation[]): Map<string, AdoptedContainer[]> {
  const byTask = new Map<string, AdoptedContainer[]>()
  for (const o of observations) {
    const taskArn = o.labels[LABELS.taskArn]
    const name = o.labels[LABELS.containerName]
    if (!taskArn || !name) continue
    byTask.set(taskArn, [...(byTask.get(taskArn) ?? []), { name, observation: o }])
  }
  return byTask
}

/**
 * What is known of an adopted task from its containers alone (pure). Containers not yet
 * created when the agent stopped are not known yet; the essential label says whether an
 * exited container stops the task.
 */
export function adoptedReport(taskArn: string, adopted: readonly AdoptedContainer[]): TaskReport {
  const containers: ContainerState[] = adopted.map((a) => {
    const c: ContainerState = {
      plan: {
        name: a.name,
        internal: a.name === HOLDER_NAME,
        essential: a.observation.labels[LABELS.essential] !== 'false',
        // A health check shows in the observation; the report needs only to know there is one.
        spec: { image: a.observation.image, labels: a.observation.labels, ...(a.observation.health ? { healthCheck: { test: ['CMD', 'true'] } } : {}) },
        dependsOn: [],
        needsCreated: [],
        needsRunning: [],
        stopTimeoutMs: 0,
      },
      known: 'NONE',
      exists: false,
      started: false,
      health: 'UNKNOWN',
      bindings: [],
      attempts: 0,
    }
    observe(c, a.observation)
    return c
  })
  const exited = containers.find((c) => c.plan.essential && c.known === 'STOPPED' && c.started)
  const known = taskKnownStatus(containers, 'PENDING')
  const state: TaskState = {
    taskArn,
    desired: exited ? 'STOPPED' : 'RUNNING',
    // All seen stopped but no essential one among them: more may be to come, not over yet.
    known: known === 'STOPPED' && !exited ? 'PENDING' : known,
    containers,
    ...(exited ? { stopCode: 'EssentialContainerExited' as const, stoppedReason: ESSENTIAL_EXITED_REASON } : {}),
  }
  if (state.known === 'RUNNING') {
    const starts = adopted.flatMap((a) => (a.observation.startedAt !== undefined ? [a.observation.startedAt] : []))
    if (starts.length) state.startedAt = Math.min(...starts)
  }
  if (state.known === 'STOPPED') {
    const ends = adopted.flatMap((a) => (a.observation.finishedAt !== undefined ? [a.observation.finishedAt] : []))
    if (ends.length) state.executionStoppedAt = Math.max(...ends)
  }
  return buildReport(state)
}
