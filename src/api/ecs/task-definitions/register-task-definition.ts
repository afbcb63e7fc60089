import type { RegisterTaskDefinitionRequest, RegisterTaskDefinitionResponse } from '../../../core/aws-model/ecs.types.js'
import { toWireTags } from '../../../core/model/tag.js'
import type { EcsOperation } from '../deps.js'
import { checkTags } from '../tags/check-tags.js'
import { buildTaskDefinition } from './build-task-definition.js'
import { checkTaskDefinition } from './check-task-definition.js'
import { pruneToModel } from './prune-to-model.js'

/**
 * Saves the next revision of a family: one more than the highest ever registered, so a number
 * is never reused, even after deregistration. Earlier revisions are never touched. The
 * definition and its tags commit together, after every check has passed.
 */
export const registerTaskDefinition: EcsOperation<RegisterTaskDefinitionRequest, RegisterTaskDefinitionResponse> = async (
  input,
  deps,
) => {
  const req = pruneToModel('RegisterTaskDefinitionRequest', input)
  checkTaskDefinition(req)
  const tags = checkTags(req.tags ?? [])
  return deps.store.txn(async (tx) => {
    const revision = (await tx.taskDefinitions.lastRevision(req.family)) + 1
    const arn = deps.arns.taskDefinition(req.family, revision)
    const taskDefinition = buildTaskDefinition(req, { revision, arn, now: deps.clock.now(), accountId: deps.partition.accountId })
    await tx.taskDefinitions.put(taskDefinition)
    await tx.tags.put(arn, tags)
    return { taskDefinition, ...(req.tags !== undefined ? { tags: toWireTags(tags) } : {}) }
  })
}
