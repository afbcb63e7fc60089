import type { GetTaskProtectionRequest, GetTaskProtectionResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { EcsOperation } from '../deps.js'
import { requireCluster } from '../resolve.js'
import { protectionFailure, viewProtection } from './task-protection-view.js'
import { taskArnOf } from './task-ref.js'

const MAX_TASKS = 100

/** The scale-in protection of up to 100 service tasks: enabled, and until when, read against the clock. */
export const getTaskProtection: EcsOperation<GetTaskProtectionRequest, GetTaskProtectionResponse> = async (input, deps) => {
  const refs = input.tasks ?? []
  return deps.store.read(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    // A missing cluster is ClusterNotFoundException before the list is judged: ECS checks in that order.
    if (refs.length > MAX_TASKS) throw EcsErrors.invalidParameter(`You can get the protection of up to ${MAX_TASKS} tasks at a time.`)
    const now = deps.clock.now()
    const out: Required<GetTaskProtectionResponse> = { protectedTasks: [], failures: [] }
    for (const ref of refs) {
      const arn = taskArnOf(ref, cluster, deps)
      const task = await tx.tasks.get(arn)
      const failure = protectionFailure(arn, task, cluster.arn)
      if (failure) out.failures.push(failure)
      else out.protectedTasks.push(viewProtection(task!, now))
    }
    return out
  })
}
