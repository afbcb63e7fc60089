/**
 * Docker labels the engine puts on every container and task-scoped volume it creates. The
 * `com.amazonaws.ecs.*` ones are the ECS agent's, so tooling written for ECS hosts (log
 * collectors, `docker ps --filter label=...`) works here too. The engine finds its containers
 * again by them after a restart (adoption), and never touches a container without its own
 * instance label: several simulated instances share one Docker Engine.
 */
export const LABELS = {
  taskArn: 'com.amazonaws.ecs.task-arn',
  containerName: 'com.amazonaws.ecs.container-name',
  cluster: 'com.amazonaws.ecs.cluster',
  family: 'com.amazonaws.ecs.task-definition-family',
  revision: 'com.amazonaws.ecs.task-definition-version',
  instanceArn: 'com.berth.container-instance-arn',
  /** `true` | `false`: lets a restarted agent tell "an essential container exited" before it hears the definition again. */
  essential: 'com.berth.essential',
} as const

/** The ECS agent's name for a task's network holder ("pause") container. */
export const HOLDER_NAME = '~internal~ecs~pause'

export interface TaskIdentity {
  taskArn: string
  cluster: string
  family: string
  revision: number
  containerInstanceArn: string
}

/** The labels that say whose a container is: its task, its instance, its name in the task. */
export function identityLabels(task: TaskIdentity, containerName: string, essential: boolean): Record<string, string> {
  return {
    [LABELS.taskArn]: task.taskArn,
    [LABELS.containerName]: containerName,
    [LABELS.cluster]: task.cluster,
    [LABELS.family]: task.family,
    [LABELS.revision]: String(task.revision),
    [LABELS.instanceArn]: task.containerInstanceArn,
    [LABELS.essential]: String(essential),
  }
}

/** The filter that finds everything one instance owns (`list`, `events`, `listVolumes`). */
export const instanceFilter = (containerInstanceArn: string): Record<string, string> => ({ [LABELS.instanceArn]: containerInstanceArn })

/** The filter that finds one task's containers on one instance. */
export const taskFilter = (containerInstanceArn: string, taskArn: string): Record<string, string> => ({
  [LABELS.instanceArn]: containerInstanceArn,
  [LABELS.taskArn]: taskArn,
})

/**
 * The container's name on the engine, as the ECS agent names it:
 * `ecs-<family>-<revision>-<containerName>-<random hex>`, the container name kept to
 * letters, digits and hyphens (so the holder `~internal~ecs~pause` becomes `internalecspause`).
 */
export function dockerContainerName(family: string, revision: number, containerName: string, randomHex: string): string {
  return `ecs-${family}-${revision}-${containerName.replace(/[^A-Za-z0-9-]/g, '')}-${randomHex}`
}

/**
 * A task-scoped Docker volume's name: unique per task (its id) and the same every time it is
 * computed, so a restarted agent finds the volume it made before.
 */
export function taskVolumeName(family: string, revision: number, volumeName: string, taskId: string): string {
  return `ecs-${family}-${revision}-${volumeName.replace(/[^A-Za-z0-9_.-]/g, '')}-${taskId}`
}

/** The last part of a task ARN (`arn:...:task/<cluster>/<id>` → `<id>`). */
export const taskIdOf = (taskArn: string): string => taskArn.slice(taskArn.lastIndexOf('/') + 1)
