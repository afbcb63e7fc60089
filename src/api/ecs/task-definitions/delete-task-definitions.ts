import type { DeleteTaskDefinitionsRequest, DeleteTaskDefinitionsResponse, Failure, TaskDefinition } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { parseTaskDefinitionRef } from '../../../core/model/task-definition-ref.js'
import type { EcsOperation } from '../deps.js'

/** ECS deletes up to 10 revisions per call. */
const MAX_DELETE = 10

/**
 * DeleteTaskDefinitions: each named revision (`family:revision` or its ARN) that is INACTIVE
 * becomes DELETE_IN_PROGRESS, as on ECS, where it stays describable until ECS purges it;
 * Berth keeps it in that state (nothing is purged yet), so DescribeTaskDefinition and
 * ListTaskDefinitions (status DELETE_IN_PROGRESS) still show it. One already deleting is
 * answered as it is. An ACTIVE revision, a family without a revision and an unknown one are
 * failures of their own: the others are deleted all the same.
 */
export const deleteTaskDefinitions: EcsOperation<DeleteTaskDefinitionsRequest, DeleteTaskDefinitionsResponse> = async (input, deps) => {
  if (input.taskDefinitions.length === 0) throw EcsErrors.invalidParameter('taskDefinitions cannot be empty.')
  if (input.taskDefinitions.length > MAX_DELETE) throw EcsErrors.invalidParameter(`taskDefinitions can have at most ${MAX_DELETE} items.`)
  return deps.store.txn(async (tx) => {
    const deleted: TaskDefinition[] = []
    const failures: Failure[] = []
    for (const ref of input.taskDefinitions) {
      const parsed = parseTaskDefinitionRef(ref, deps.arns)
      if (parsed.kind !== 'revision') {
        failures.push({ arn: ref, reason: 'The specified task definition identifier is invalid. Specify a valid name or ARN and try again.' })
        continue
      }
      const current = await tx.taskDefinitions.get(parsed.family, parsed.revision)
      const arn = deps.arns.taskDefinition(parsed.family, parsed.revision)
      if (!current) {
        failures.push({ arn, reason: 'The specified task definition does not exist. Specify a valid account, family, revision and try again.' })
        continue
      }
      if (current.status === 'ACTIVE') {
        failures.push({ arn, reason: 'The specified task definition is still in ACTIVE status. Please deregister the target and try again.' })
        continue
      }
      const next = { ...current, status: 'DELETE_IN_PROGRESS' as const }
      if (current.status !== 'DELETE_IN_PROGRESS') await tx.taskDefinitions.put(next)
      deleted.push(next)
    }
    return { taskDefinitions: deleted, failures }
  })
}
