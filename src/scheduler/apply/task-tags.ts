import { checkTagLimit, type TagRecord } from '../../core/model/tag.js'
import type { ReadTx } from '../../state/store.js'

/** What a new task's tags are made of. */
export interface TaskTagsSpec {
  /** The caller's own tags, already checked (keys unique, no `aws:` prefix). */
  requested: readonly TagRecord[]
  /**
   * propagateTags: the resource whose tags the task inherits (its task definition for
   * TASK_DEFINITION, its service for SERVICE). The requested tags win on a shared key.
   */
  propagateFrom?: string | undefined
  /**
   * enableECSManagedTags: the tags ECS adds itself, `aws:ecs:clusterName` and, for a service's
   * task, `aws:ecs:serviceName`. They sit outside the 50-tag limit, being AWS's.
   */
  managed?: { clusterName: string; serviceName?: string | undefined } | undefined
}

/** The tags a new task gets, in the order they were set: inherited, requested, managed. */
export async function resolveTaskTags(tx: ReadTx, spec: TaskTagsSpec): Promise<TagRecord[]> {
  const inherited = spec.propagateFrom ? await tx.tags.get(spec.propagateFrom) : []
  const keys = new Set(spec.requested.map((t) => t.key))
  const tags = [...inherited.filter((t) => !keys.has(t.key)), ...spec.requested]
  checkTagLimit([], tags)
  if (spec.managed) {
    tags.push({ key: 'aws:ecs:clusterName', value: spec.managed.clusterName })
    if (spec.managed.serviceName !== undefined) tags.push({ key: 'aws:ecs:serviceName', value: spec.managed.serviceName })
  }
  return tags
}
