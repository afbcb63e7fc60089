import type { NetworkConfiguration, TaskDefinition, TaskOverride } from '../../core/aws-model/ecs.types.js'
import type { ClusterRecord } from '../../core/model/cluster.js'
import { fargatePoolCluster } from '../../core/model/fargate.js'
import type { WriteTx } from '../../state/store.js'
import { placeTasks, type ApplyDeps, type PlaceTasksResult, type TaskTagsSpec } from '../apply/index.js'

export interface PlaceFargateTasksInput {
  /** The user's cluster the tasks belong to (the pool serves every cluster). */
  cluster: ClusterRecord
  taskDefinition: TaskDefinition
  overrides: TaskOverride
  count: number
  group: string
  startedBy: string | undefined
  enableExecuteCommand: boolean
  tags: TaskTagsSpec
  seed: string
  /** awsvpcConfiguration as given (Fargate requires it): stored on each task, shown in its ENI attachment. */
  networkConfiguration: NetworkConfiguration | undefined
  /** From checkFargateLaunch: the version the tasks run on. */
  platformVersion: string
  /**
   * FARGATE or FARGATE_SPOT when a capacity provider strategy chose the provider (recorded as
   * the task's capacityProviderName); undefined for `launchType FARGATE`.
   */
  capacityProviderName?: 'FARGATE' | 'FARGATE_SPOT'
}

/**
 * Places `count` tasks on the Fargate pool and stores those that fit, inside the caller's
 * transaction, through the one task applier (same result shape as the EC2 placement). The
 * pool's hosts are the candidates; Fargate takes no placement constraints or strategies
 * (checkFargateLaunch refuses them), so tasks spread over the pool's hosts. When the pool has
 * no room, `capacityUnavailable` is set and `failures` carries ECS's Fargate reason.
 * FARGATE and FARGATE_SPOT share the pool; Spot interruption is not simulated.
 */
export function placeFargateTasks(tx: WriteTx, input: PlaceFargateTasksInput, deps: ApplyDeps): Promise<PlaceTasksResult> {
  const { platformVersion, capacityProviderName, ...rest } = input
  return placeTasks(
    tx,
    {
      ...rest,
      constraints: [],
      strategies: [{ type: 'spread', field: 'instanceId' }],
      fargate: { pool: fargatePoolCluster(deps.arns), platformVersion, ...(capacityProviderName !== undefined ? { capacityProviderName } : {}) },
    },
    deps,
  )
}
