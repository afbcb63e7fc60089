import type { UpdateTaskProtectionRequest, UpdateTaskProtectionResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { MAX_PROTECTION_MINUTES, MIN_PROTECTION_MINUTES, protectionEnd } from '../../../core/model/task-protection.js'
import type { EcsOperation } from '../deps.js'
import { requireCluster } from '../resolve.js'
import { protectionFailure, viewProtection } from './task-protection-view.js'
import { taskArnOf } from './task-ref.js'

const MAX_TASKS = 10

/**
 * Sets or removes the scale-in protection of up to 10 service tasks: protectionEnabled true
 * protects each for expiresInMinutes (2 hours by default) from now, again on every call;
 * false removes it. The service scheduler reads it (src/scheduler/services/select.ts); this is
 * its only writer. A task not found is a MISSING failure, one no service started TASK_NOT_VALID.
 */
export const updateTaskProtection: EcsOperation<UpdateTaskProtectionRequest, UpdateTaskProtectionResponse> = async (input, deps) => {
  const minutes = input.expiresInMinutes
  if (minutes !== undefined && (minutes < MIN_PROTECTION_MINUTES || minutes > MAX_PROTECTION_MINUTES)) {
    throw EcsErrors.invalidParameter(`expiresInMinutes must be between ${MIN_PROTECTION_MINUTES} and ${MAX_PROTECTION_MINUTES}.`)
  }
  return deps.store.txn(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    // A missing cluster is ClusterNotFoundException before the list is judged: ECS checks in that order.
    if (input.tasks.length === 0) throw EcsErrors.invalidParameter('Tasks cannot be empty.')
    if (input.tasks.length > MAX_TASKS) throw EcsErrors.invalidParameter(`You can update the protection of up to ${MAX_TASKS} tasks at a time.`)
    const now = deps.clock.now()
    const out: Required<UpdateTaskProtectionResponse> = { protectedTasks: [], failures: [] }
    for (const ref of input.tasks) {
      const arn = taskArnOf(ref, cluster, deps)
      const task = await tx.tasks.get(arn)
      const failure = protectionFailure(arn, task, cluster.arn)
      if (failure) {
        out.failures.push(failure)
        continue
      }
      const { protectedUntil: _old, ...rest } = task!
      const next = input.protectionEnabled ? { ...rest, protectedUntil: protectionEnd(now, minutes) } : rest
      // Version counts what the agent and DescribeTasks see; protection is neither, so it stays.
      await tx.tasks.put(next)
      out.protectedTasks.push(viewProtection(next, now))
    }
    return out
  })
}
