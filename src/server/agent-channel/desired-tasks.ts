import type { DesiredTask } from '../../core/agent-protocol.js'
import type { TaskDefinition } from '../../core/aws-model/ecs.types.js'
import { taskRoleCredentials, type TaskRoles } from '../../core/task-roles.js'
import type { TaskRecord } from '../../core/model/task.js'

/**
 * What the server wants on one instance, from the tasks placed there (pure).
 *   - a task desired RUNNING is sent so the agent starts it (or keeps it running);
 *   - a task desired STOPPED that the agent has not yet reported STOPPED is sent so it stops;
 *   - a STOPPED task is not sent: the agent forgets it and removes its containers.
 * Tasks whose definition cannot be found are skipped (they cannot be run). A task with a task
 * role carries the credentials the operator mapped to it (RunTask refused it without one).
 */
export function desiredTasksFor(
  tasks: readonly TaskRecord[],
  definitionOf: (t: TaskRecord) => TaskDefinition | undefined,
  clusterName: string,
  taskRoles?: TaskRoles,
): DesiredTask[] {
  const out: DesiredTask[] = []
  for (const t of tasks) {
    if (t.lastStatus === 'STOPPED') continue
    const taskDefinition = definitionOf(t)
    if (!taskDefinition) continue
    out.push({
      taskArn: t.arn,
      clusterName,
      desiredStatus: t.desiredStatus,
      taskDefinition,
      overrides: t.overrides,
      containers: t.containers.map((c) => ({ name: c.name, containerArn: c.containerArn })),
      version: t.version,
    })
    const taskRole = taskRoleCredentials(taskDefinition, t.overrides, taskRoles)
    if (taskRole) out[out.length - 1]!.taskRole = taskRole
  }
  return out.sort((a, b) => a.taskArn.localeCompare(b.taskArn))
}

/**
 * What decides whether the agent must hear again: which tasks, and what is wanted of each.
 * Agent reports bump a task's version without changing what is wanted, so version is left out.
 */
export const desiredFingerprint = (tasks: readonly DesiredTask[]): string =>
  tasks.map((t) => `${t.taskArn}=${t.desiredStatus}`).join(',')
