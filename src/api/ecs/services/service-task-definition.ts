import type { TaskDefinition } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { requireRunnable } from '../../../core/model/unsupported-features.js'
import { requireTaskRole } from '../../../core/task-roles.js'
import type { ReadTx } from '../../../state/store.js'
import type { EcsDeps } from '../deps.js'
import { resolveTaskDefinition } from '../task-definitions/index.js'

/**
 * The task definition a service is to run, named as RunTask names one (`family`, `family:rev`
 * or the ARN), and refused as RunTask refuses it: INACTIVE, or asking what the agent cannot do, or
 * naming a task role the operator has not mapped.
 */
export async function resolveServiceTaskDefinition(tx: ReadTx, ref: string, deps: Pick<EcsDeps, 'arns' | 'taskSources' | 'taskRoles'>): Promise<TaskDefinition> {
  const td = await resolveTaskDefinition(tx, ref, deps)
  if (td.status !== 'ACTIVE') throw EcsErrors.client('TaskDefinition is inactive')
  requireRunnable(td, deps.taskSources)
  requireTaskRole(td, undefined, deps.taskRoles)
  return td
}
