import type { CreateTaskSetRequest, CreateTaskSetResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { newDeploymentDigits } from '../../../core/ids.js'
import { serviceGroup } from '../../../core/model/service.js'
import { countByDeployment } from '../../../core/model/service-tasks.js'
import { MAX_TASK_SETS, type TaskSetRecord } from '../../../core/model/task-set.js'
import type { EcsOperation } from '../deps.js'
import { checkNetworkConfiguration } from '../network-configuration.js'
import { resolveLaunch } from '../capacity-providers/launch.js'
import { checkLoadBalancerTargets } from '../services/load-balancer-targets.js'
import { checkClientToken, checkLoadBalancers } from '../services/service-config.js'
import { checkServiceLaunch } from '../services/service-launch.js'
import { resolveServiceTaskDefinition } from '../services/service-task-definition.js'
import { checkTags } from '../tags/check-tags.js'
import { checkScale } from './scale.js'
import { requireExternalService, withTaskSet } from './task-set-ref.js'
import { taskSetView } from './task-set-view.js'

/**
 * CreateTaskSet: a task set (ACTIVE, STABILIZING) in an EXTERNAL service, in one transaction
 * with its tags; the service scheduler starts its computed count of tasks. The same
 * clientToken again answers the task set it made. Where its tasks run is resolved as for a
 * service (launch type EC2 or FARGATE, or a capacity provider strategy, the cluster's default
 * when it names neither), with Fargate's checks; its load balancer (one target group) is checked
 * as a service's. Service registries and the EXTERNAL launch type are refused by name
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
    const launch = resolveLaunch(input, cluster)
    const launchType = input.launchType === 'FARGATE' ? 'FARGATE' : 'EC2'
    // A strategy of FARGATE / FARGATE_SPOT runs on the pool, and is checked as Fargate.
    const onFargate = launchType === 'FARGATE' || (launch.kind === 'strategy' && launch.fargate)
    const { platformVersion } = checkServiceLaunch(
      onFargate ? 'FARGATE' : 'EC2',
      td,
      { ...input, placementConstraints: service.placementConstraints, placementStrategy: service.placementStrategy },
      'REPLICA',
    )
    checkNetworkConfiguration(td, input.networkConfiguration, { required: true })
    const loadBalancers = input.loadBalancers ?? []
    if (loadBalancers.length > 1) throw EcsErrors.invalidParameter(TASK_SET_ONE_TARGET_GROUP(loadBalancers.length))
    checkLoadBalancers(loadBalancers, td)
    await checkLoadBalancerTargets(tx, loadBalancers, td)
    const now = deps.clock.now()
    const id = `ecs-svc/${newDeploymentDigits()}`
    const taskSet: TaskSetRecord = {
      id,
      arn: deps.arns.taskSet(cluster.name, service.name, id),
      status: 'ACTIVE',
      taskDefinition: td.taskDefinitionArn!,
      ...(input.externalId !== undefined ? { externalId: input.externalId } : {}),
      launchType,
      ...(platformVersion !== undefined ? { platformVersion } : {}),
      ...(launch.kind === 'strategy' ? { capacityProviderStrategy: launch.strategy } : {}),
      ...(input.networkConfiguration ? { networkConfiguration: input.networkConfiguration } : {}),
      loadBalancers: loadBalancers.map((lb) => ({ ...lb })),
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

/**
 * One target group per task set: the external-deployment guide's rule as recalled ("only one
 * Application Load Balancer target group is allowed per task set"; not found verbatim in the
 * documents searched, see the README). The text is Berth's.
 */
const TASK_SET_ONE_TARGET_GROUP = (n: number) => `loadBalancers: ${n} were given; a task set can have only one load balancer target group.`
