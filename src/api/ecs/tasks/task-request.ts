import type { PropagateTags, TaskDefinition, TaskOverride } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { TagRecord } from '../../../core/model/tag.js'
import type { ClusterRecord } from '../../../core/model/cluster.js'
import type { TaskTagsSpec } from '../../../scheduler/apply/index.js'
import { checkTags } from '../tags/check-tags.js'

interface TaskRequestCommon {
  startedBy?: string
  group?: string
  launchType?: string
  tags?: { key?: string; value?: string }[]
  overrides?: TaskOverride
  propagateTags?: PropagateTags
  enableECSManagedTags?: boolean
}

/** Checks what RunTask and StartTask share, before anything is read or written. */
export function checkTaskRequest(input: TaskRequestCommon): { tags: TagRecord[]; overrides: TaskOverride } {
  if (input.startedBy !== undefined && input.startedBy.length > 36) {
    throw EcsErrors.invalidParameter('startedBy can be at most 36 characters.')
  }
  if (input.group !== undefined && (input.group.length === 0 || input.group.length > 255)) {
    throw EcsErrors.invalidParameter('group must be 1 to 255 characters.')
  }
  if (input.launchType !== undefined && input.launchType !== 'EC2' && input.launchType !== 'FARGATE') {
    throw EcsErrors.invalidParameter(
      `Berth runs tasks on container instances (launchType EC2) or on its Fargate pool (launchType FARGATE); launchType ${input.launchType} is not available.`,
    )
  }
  if (input.propagateTags === 'SERVICE') {
    throw EcsErrors.invalidParameter('propagateTags SERVICE applies to service tasks, not to RunTask or StartTask.')
  }
  return { tags: checkTags(input.tags ?? []), overrides: input.overrides ?? {} }
}

/** RunTask's and StartTask's tags: the request's, the task definition's with propagateTags, ECS's own with enableECSManagedTags. */
export function taskTagsSpec(input: TaskRequestCommon, requested: readonly TagRecord[], td: TaskDefinition, cluster: ClusterRecord): TaskTagsSpec {
  return {
    requested,
    propagateFrom: input.propagateTags === 'TASK_DEFINITION' ? td.taskDefinitionArn : undefined,
    managed: input.enableECSManagedTags ? { clusterName: cluster.name } : undefined,
  }
}
