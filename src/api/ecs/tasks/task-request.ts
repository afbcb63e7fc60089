import type { PropagateTags, TaskDefinition, TaskOverride } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { TagRecord } from '../../../core/model/tag.js'
import type { WriteTx } from '../../../state/store.js'
import { checkTagLimit, checkTags } from '../tags/check-tags.js'

interface TaskRequestCommon {
  startedBy?: string
  group?: string
  launchType?: string
  tags?: { key?: string; value?: string }[]
  overrides?: TaskOverride
  propagateTags?: PropagateTags
}

/** Checks what RunTask and StartTask share, before anything is read or written. */
export function checkTaskRequest(input: TaskRequestCommon): { tags: TagRecord[]; overrides: TaskOverride } {
  if (input.startedBy !== undefined && input.startedBy.length > 36) {
    throw EcsErrors.invalidParameter('startedBy can be at most 36 characters.')
  }
  if (input.group !== undefined && (input.group.length === 0 || input.group.length > 255)) {
    throw EcsErrors.invalidParameter('group must be 1 to 255 characters.')
  }
  if (input.launchType !== undefined && input.launchType !== 'EC2') {
    throw EcsErrors.invalidParameter(
      `Berth runs tasks on container instances (launchType EC2); launchType ${input.launchType} is not available.`,
    )
  }
  if (input.propagateTags === 'SERVICE') {
    throw EcsErrors.invalidParameter('propagateTags SERVICE applies to service tasks, not to RunTask or StartTask.')
  }
  return { tags: checkTags(input.tags ?? []), overrides: input.overrides ?? {} }
}

/**
 * Stores a new task's tags: the request's, plus the task definition's when propagateTags is
 * TASK_DEFINITION (the request's win on a shared key). Returns what was stored.
 */
export async function storeTaskTags(
  tx: WriteTx,
  taskArn: string,
  td: TaskDefinition,
  requested: readonly TagRecord[],
  propagate: PropagateTags | undefined,
): Promise<TagRecord[]> {
  const inherited = propagate === 'TASK_DEFINITION' ? await tx.tags.get(td.taskDefinitionArn!) : []
  const keys = new Set(requested.map((t) => t.key))
  const tags = [...inherited.filter((t) => !keys.has(t.key)), ...requested]
  checkTagLimit([], tags)
  await tx.tags.put(taskArn, tags)
  return tags
}
