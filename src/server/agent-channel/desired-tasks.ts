import type { DesiredTask } from '../../core/agent-protocol.js'
import type { TaskDefinition } from '../../core/aws-model/ecs.types.js'
import { taskRoleCredentials, type TaskRoles } from '../../core/task-roles.js'
import type { TaskRecord } from '../../core/model/task.js'
import { needsTaskSources, NO_TASK_SOURCES, resolveTaskSources, resourceInitializationError, type TaskSources } from '../../core/model/task-sources.js'

/**
 * What the server wants on one instance, from the tasks placed there (pure).
 *   - a task desired RUNNING is sent so the agent starts it (or keeps it running);
 *   - a task desired STOPPED that the agent has not yet reported STOPPED is sent so it stops;
 *   - a STOPPED task is not sent: the agent forgets it and removes its containers.
 * Tasks whose definition cannot be found are skipped (they cannot be run). Each task names its
 * own cluster: a host of the Fargate pool runs tasks of every cluster.
 * A task desired RUNNING carries its containers' secrets, environment files and registry
 * credentials, resolved from the operator's `sources` (RunTask refused any it could not
 * resolve then); one the sources no longer cover carries `initError`, and its agent stops it.
 * A task with a task role carries the credentials the operator mapped to it (RunTask refused it
 * without one).
 */
export function desiredTasksFor(
  tasks: readonly TaskRecord[],
  definitionOf: (t: TaskRecord) => TaskDefinition | undefined,
  sources: TaskSources = NO_TASK_SOURCES,
  taskRoles?: TaskRoles,
): DesiredTask[] {
  const out: DesiredTask[] = []
  for (const t of tasks) {
    if (t.lastStatus === 'STOPPED') continue
    const taskDefinition = definitionOf(t)
    if (!taskDefinition) continue
    out.push({
      taskArn: t.arn,
      clusterName: t.clusterArn.slice(t.clusterArn.indexOf('/') + 1),
      desiredStatus: t.desiredStatus,
      taskDefinition,
      overrides: t.overrides,
      containers: t.containers.map((c) => ({ name: c.name, containerArn: c.containerArn })),
      launchType: t.launchType ?? 'EC2',
      version: t.version,
      ...(t.desiredStatus === 'RUNNING' && needsTaskSources(taskDefinition) ? resolvedFields(taskDefinition, sources) : {}),
    })
    const taskRole = taskRoleCredentials(taskDefinition, t.overrides, taskRoles)
    if (taskRole) out[out.length - 1]!.taskRole = taskRole
  }
  return out.sort((a, b) => a.taskArn.localeCompare(b.taskArn))
}

function resolvedFields(td: TaskDefinition, sources: TaskSources): Pick<DesiredTask, 'resolved' | 'initError'> {
  const r = resolveTaskSources(td, sources)
  return r.ok ? { resolved: r.containers } : { initError: resourceInitializationError(r.problems) }
}

/**
 * What decides whether the agent must hear again: which tasks, and what is wanted of each.
 * Agent reports bump a task's version without changing what is wanted, so version is left out.
 */
export const desiredFingerprint = (tasks: readonly DesiredTask[]): string =>
  tasks.map((t) => `${t.taskArn}=${t.desiredStatus}`).join(',')
