import type { CreateTaskSetRequest, CreateTaskSetResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { newDeploymentDigits } from '../../../core/ids.js'
import { serviceGroup } from '../../../core/model/service.js'
import { countByDeployment } from '../../../core/model/service-tasks.js'
import { MAX_TASK_SETS, type TaskSetRecord } from '../../../core/model/task-set.js'
import type { EcsOperation } from '../deps.js'
import { checkNetworkConfiguration } from '../network-configuration.js'
import { checkClientToken } from '../services/service-config.js'
import { resolveServiceTaskDefinition } from '../services/service-task-definition.js'
import { checkTags } from '../tags/check-tags.js'
import { checkScale } from './scale.js'
import { requireExternalService, withTaskSet } from './task-set-ref.js'
import { taskSetView } from './task-set-view.js'

/**
 * CreateTaskSet: a task set (ACTIVE, STABILIZING) in an EXTERNAL service, in one transaction
 * with its tags; the service scheduler starts its computed count of tasks. The same
 * clientToken again answers the task set it made. Load balancers, service registries,
 * capacity providers, platform versions and launch types other than EC2 are refused by name
 * (refused-members.ts) before this runs.
 */
export const createTaskSet: EcsOperation<CreateTaskSetRequest, CreateTaskSetResponse> = async (input, deps) => {
  checkClientToken(input.clientToken)
  const scale = checkScale(input.scale ?? { value: 100, unit: 'PERCENT' })
  const tags = checkTags(input.tags ?? [])
  return deps.store.txn(async (tx) => {
    const { cluster, service } = await requireExternalService(tx, input, deps)
    const taskSets = service.taskSets ?? []
    const again = input.clientToken !== undefined ? taskSets.find((t) => t.clientToken === input.clientToken) : undefined
    const counts = async () => countByDeployment(await tx.tasks.inGroup(service.clusterArn, serviceGroup(service.name)))
    if (again) return { taskSet: taskSetView(service, again, await counts(), await tx.tags.get(again.arn)) }
    if (taskSets.length >= MAX_TASK_SETS) throw EcsErrors.tooManyTaskSets(taskSets.length)
    const td = await resolveServiceTaskDefinition(tx, input.taskDefinition, deps)
    checkNetworkConfiguration(td, input.networkConfiguration, { required: true })
    const now = deps.clock.now()
    const id = `ecs-svc/${newDeploymentDigits()}`
    const taskSet: TaskSetRecord = {
      id,
      arn: deps.arns.taskSet(cluster.name, service.name, id),
      status: 'ACTIVE',
      taskDefinition: td.taskDefinitionArn!,
      ...(input.externalId !== undefined ? { externalId: input.externalId } : {}),
      launchType: 'EC2',
      ...(input.networkConfiguration ? { networkConfiguration: input.networkConfiguration } : {}),
      scale,
      ...(input.clientToken !== undefined ? { clientToken: input.clientToken } : {}),
      createdAt: now,
      updatedAt: now,
      stabilityStatus: 'STABILIZING',
      stabilityStatusAt: now,
    }
    const next = withTaskSet(service, id, taskSet)
    await tx.services.put(next)
    await tx.tags.put(taskSet.arn, tags)
    return { taskSet: taskSetView(next, taskSet, new Map(), tags) }
  })
}
