import type {
  DeleteTaskSetRequest,
  DeleteTaskSetResponse,
  UpdateServicePrimaryTaskSetRequest,
  UpdateServicePrimaryTaskSetResponse,
  UpdateTaskSetRequest,
  UpdateTaskSetResponse,
} from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { serviceGroup, type ServiceRecord } from '../../../core/model/service.js'
import { countByDeployment, countsOf } from '../../../core/model/service-tasks.js'
import type { TaskSetRecord } from '../../../core/model/task-set.js'
import type { ReadTx } from '../../../state/store.js'
import type { EcsOperation } from '../deps.js'
import { checkScale } from './scale.js'
import { requireExternalService, requireTaskSet, withTaskSet } from './task-set-ref.js'
import { taskSetView } from './task-set-view.js'

const countsFor = async (tx: ReadTx, service: ServiceRecord) => countByDeployment(await tx.tasks.inGroup(service.clusterArn, serviceGroup(service.name)))

/** UpdateTaskSet: a new scale ("updates only the scale parameter"); the scheduler moves the tasks. */
export const updateTaskSet: EcsOperation<UpdateTaskSetRequest, UpdateTaskSetResponse> = async (input, deps) => {
  const scale = checkScale(input.scale)
  return deps.store.txn(async (tx) => {
    const { service } = await requireExternalService(tx, input, deps)
    const current = requireTaskSet(service, input.taskSet)
    refuseDraining(current)
    if (current.scale.value === scale.value) return { taskSet: taskSetView(service, current, await countsFor(tx, service)) }
    const now = deps.clock.now()
    const taskSet = { ...current, scale, updatedAt: now, stabilityStatus: 'STABILIZING' as const, stabilityStatusAt: now }
    const next = withTaskSet(service, current.id, taskSet)
    await tx.services.put(next)
    return { taskSet: taskSetView(next, taskSet, await countsFor(tx, next)) }
  })
}

/**
 * UpdateServicePrimaryTaskSet: this task set PRIMARY, the one that was ACTIVE; DescribeServices
 * then shows its task definition, launch type and network.
 */
export const updateServicePrimaryTaskSet: EcsOperation<UpdateServicePrimaryTaskSetRequest, UpdateServicePrimaryTaskSetResponse> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    const { service } = await requireExternalService(tx, input, deps)
    const chosen = requireTaskSet(service, input.primaryTaskSet)
    refuseDraining(chosen)
    if (chosen.status === 'PRIMARY') return { taskSet: taskSetView(service, chosen, await countsFor(tx, service)) }
    const now = deps.clock.now()
    let next = service
    for (const t of service.taskSets ?? []) if (t.status === 'PRIMARY') next = withTaskSet(next, t.id, { ...t, status: 'ACTIVE', updatedAt: now })
    const taskSet = { ...chosen, status: 'PRIMARY' as const, updatedAt: now }
    next = { ...withTaskSet(next, chosen.id, taskSet), version: service.version + 1 }
    await tx.services.put(next)
    return { taskSet: taskSetView(next, taskSet, await countsFor(tx, next)) }
  })

/**
 * DeleteTaskSet: the task set becomes DRAINING, with a computed count of 0, as ECS answers it:
 * the scheduler drains its tasks' targets, stops them, and removes it once the last is gone
 * (DescribeTaskSets shows it DRAINING until then). One still scaled above 0 or with tasks needs
 * `force` (the text is Berth's: ECS's was not found). Its tags go with it. Deleting one already
 * DRAINING answers it again.
 */
export const deleteTaskSet: EcsOperation<DeleteTaskSetRequest, DeleteTaskSetResponse> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    const { service } = await requireExternalService(tx, input, deps)
    const current = requireTaskSet(service, input.taskSet)
    const counts = await countsFor(tx, service)
    if (current.status === 'DRAINING') return { taskSet: taskSetView(service, current, counts) }
    const c = countsOf(counts, current.id)
    if (input.force !== true && (current.scale.value > 0 || c.running + c.pending > 0)) {
      throw EcsErrors.invalidParameter('The task set cannot be deleted while it is scaled above 0 or has tasks; scale it to 0 first (UpdateTaskSet), or delete it with force.')
    }
    const now = deps.clock.now()
    const draining = { ...current, status: 'DRAINING' as const, updatedAt: now, stabilityStatus: 'STABILIZING' as const, stabilityStatusAt: now }
    const next = withTaskSet(service, current.id, draining)
    await tx.services.put(next)
    await tx.tags.remove(current.arn, (await tx.tags.get(current.arn)).map((t) => t.key))
    return { taskSet: taskSetView(next, draining, counts) }
  })

/** A DRAINING task set is being deleted: it takes no new scale and cannot become PRIMARY (the text is Berth's). */
function refuseDraining(ts: TaskSetRecord): void {
  if (ts.status === 'DRAINING') throw EcsErrors.invalidParameter(`The task set ${ts.arn} is DRAINING: it is being deleted and cannot be updated.`)
}
