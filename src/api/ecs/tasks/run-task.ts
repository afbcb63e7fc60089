import { randomUUID } from 'node:crypto'
import type { RunTaskRequest, RunTaskResponse } from '../../../core/aws-model/ecs.types.js'
import type { Clock } from '../../../core/clock.js'
import { EcsErrors } from '../../../core/errors.js'
import { placeTasks } from '../../../scheduler/apply/index.js'
import { placeByStrategy } from '../../../scheduler/capacity/index.js'
import { checkEc2Launch, checkFargateLaunch, hostCpuArchitecture, placeFargateTasks } from '../../../scheduler/fargate/index.js'
import { parsePlacementConstraints, parsePlacementStrategies } from '../../../scheduler/placement/index.js'
import type { EcsDeps, EcsOperation } from '../deps.js'
import { requireCluster } from '../resolve.js'
import { resolveLaunch } from '../capacity-providers/launch.js'
import { resolveTaskDefinition } from '../task-definitions/index.js'
import { checkOverrides } from './check-overrides.js'
import { ClientTokens } from './client-tokens.js'
import { requireRunnable } from '../../../core/model/unsupported-features.js'
import { requireTaskRole } from '../../../core/task-roles.js'
import { checkNetworkConfiguration } from '../network-configuration.js'
import { checkTaskRequest, taskTagsSpec } from './task-request.js'
import { viewTask } from './task-view.js'

/** ECS's bound on a clientToken: up to 64 ASCII characters from ! to ~. */
const CLIENT_TOKEN = /^[!-~]{1,64}$/

/**
 * RunTask: places up to 10 copies of a task by the request's constraints and strategies, on
 * the cluster's container instances, or with `launchType FARGATE` on the server's Fargate pool
 * (src/scheduler/fargate: no container instance needed; a pool without room answers ECS's
 * "Capacity is unavailable" failure). A
 * `clientToken` (SDKs send one with every call) makes a retry answer what the first call did
 * instead of starting the tasks again (client-tokens.ts).
 */
export const runTask: EcsOperation<RunTaskRequest, RunTaskResponse> = async (input, deps) => {
  const { clientToken, ...request } = input
  if (clientToken === undefined) return startTasks(request, deps)
  if (!CLIENT_TOKEN.test(clientToken)) throw EcsErrors.invalidParameter('clientToken must be 1 to 64 ASCII characters from ! to ~.')
  if (!deps.runTaskTokens) return startTasks(request, deps)
  return deps.runTaskTokens.once(clientToken, JSON.stringify(request), () => startTasks(request, deps))
}

/** The clientTokens of one ECS service; a conflict names the tasks the token's call started. */
export const runTaskTokens = (clock: Clock): ClientTokens<RunTaskResponse> =>
  new ClientTokens(clock, (answer) => (answer.tasks ?? []).flatMap((t) => (t.taskArn ? [t.taskArn] : [])))

async function startTasks(input: Omit<RunTaskRequest, 'clientToken'>, deps: EcsDeps): Promise<RunTaskResponse> {
  const count = input.count ?? 1
  if (count < 1 || count > 10) throw EcsErrors.invalidParameter('count must be between 1 and 10.')
  const { tags, overrides } = checkTaskRequest(input)
  const constraints = parsePlacementConstraints(input.placementConstraints)
  const strategies = parsePlacementStrategies(input.placementStrategy)
  return deps.store.txn(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    const td = await resolveTaskDefinition(tx, input.taskDefinition, deps)
    if (td.status !== 'ACTIVE') throw EcsErrors.client('TaskDefinition is inactive')
    requireRunnable(td, deps.taskSources)
    requireTaskRole(td, overrides, deps.taskRoles)
    const launch = resolveLaunch(input, cluster)
    const request = {
      cluster,
      taskDefinition: td,
      overrides,
      count,
      group: input.group ?? `family:${td.family}`,
      startedBy: input.startedBy,
      enableExecuteCommand: input.enableExecuteCommand ?? false,
      networkConfiguration: input.networkConfiguration,
      constraints,
      strategies,
      tags: taskTagsSpec(input, tags, td, cluster),
      seed: randomUUID(),
    }
    if (input.launchType === 'FARGATE' || (launch.kind === 'strategy' && launch.fargate)) {
      const { platformVersion } = checkFargateLaunch(td, overrides, input, hostCpuArchitecture())
      checkOverrides(td, overrides)
      const placed =
        launch.kind === 'strategy'
          ? await placeByStrategy(tx, request, launch.items, new Map(), deps)
          : await placeFargateTasks(tx, { ...request, platformVersion }, deps)
      return { tasks: placed.tasks.map((t) => viewTask(t, placed.tags)), failures: placed.failures }
    }
    checkEc2Launch(input)
    checkNetworkConfiguration(td, input.networkConfiguration, { required: false })
    checkOverrides(td, overrides)
    // A strategy's tasks that find no room come back as failures, per provider.
    if (launch.kind === 'strategy') {
      const { tasks, tags: taskTags, failures } = await placeByStrategy(tx, request, launch.items, new Map(), deps)
      return { tasks: tasks.map((t) => viewTask(t, taskTags)), failures }
    }
    const { tasks, tags: taskTags, failures, candidates } = await placeTasks(tx, request, deps)
    if (candidates === 0) throw EcsErrors.invalidParameter('No Container Instances were found in your cluster.')
    return { tasks: tasks.map((t) => viewTask(t, taskTags)), failures }
  })
}
