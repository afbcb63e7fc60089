import type { DeregisterTaskDefinitionRequest, DeregisterTaskDefinitionResponse } from '../../../core/aws-model/ecs.types.js'
import { toEpochSeconds } from '../../../core/clock.js'
import type { EcsOperation } from '../deps.js'
import { resolveTaskDefinition } from './resolve-task-definition.js'

/**
 * Marks one revision INACTIVE and stamps `deregisteredAt`; nothing else about it changes.
 * Plain `family` then resolves to the newest revision still ACTIVE. Deregistering an
 * INACTIVE (or DELETE_IN_PROGRESS) revision again answers it as it is, first `deregisteredAt` kept.
 */
export const deregisterTaskDefinition: EcsOperation<DeregisterTaskDefinitionRequest, DeregisterTaskDefinitionResponse> = async (
  input,
  deps,
) =>
  deps.store.txn(async (tx) => {
    const current = await resolveTaskDefinition(tx, input.taskDefinition, deps, { requireRevision: true })
    if (current.status !== 'ACTIVE') return { taskDefinition: current }
    const taskDefinition = { ...current, status: 'INACTIVE' as const, deregisteredAt: toEpochSeconds(deps.clock.now()) }
    await tx.taskDefinitions.put(taskDefinition)
    return { taskDefinition }
  })
