import type { TaskDefinition } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { parseTaskDefinitionRef } from '../../../core/model/task-definition-ref.js'
import type { ReadTx } from '../../../state/store.js'
import type { EcsDeps } from '../deps.js'

export interface ResolveOptions {
  /** DeregisterTaskDefinition takes only `family:revision` or an ARN: "You must specify a revision." */
  requireRevision?: boolean
}

/**
 * The task definition a request names: `family` is the newest ACTIVE revision, `family:rev`
 * and the full ARN name one revision whatever its status. Callers that may only use ACTIVE
 * definitions (RunTask, CreateService, UpdateService) check `status` themselves.
 *
 * Unknown → ClientException "Unable to describe task definition.", what ECS answers.
 */
export async function resolveTaskDefinition(
  tx: ReadTx,
  ref: string,
  deps: Pick<EcsDeps, 'arns'>,
  options: ResolveOptions = {},
): Promise<TaskDefinition> {
  const parsed = parseTaskDefinitionRef(ref, deps.arns)
  let found: TaskDefinition | undefined
  switch (parsed.kind) {
    case 'bad-revision':
      throw EcsErrors.client(`Invalid revision number. Number: ${parsed.revision}`)
    case 'family':
      if (options.requireRevision) throw EcsErrors.client('Revision is missing.')
      found = await tx.taskDefinitions.latestActive(parsed.family)
      break
    case 'revision':
      found = await tx.taskDefinitions.get(parsed.family, parsed.revision)
      break
    case 'unknown':
      break
  }
  if (!found) throw EcsErrors.client('Unable to describe task definition.')
  return found
}
