import type { CapacityProviderStrategyItem, LoadBalancer, NetworkConfiguration } from '../aws-model/ecs.types.js'

/**
 * A task set of a service with the EXTERNAL deployment controller (`ecs-svc/<19 digits>`,
 * ARN `task-set/<cluster>/<service>/<id>`): a task definition and network, and a share
 * (`scale`, percent of the service's desiredCount) that the service scheduler keeps running;
 * its tasks' `startedBy` is the id, as ECS sets it. Kept in its service's record
 * (`ServiceRecord.taskSets`), like a deployment, so a change to either wakes the scheduler and
 * a desiredCount change rescales every task set in the same write. Writers:
 *   - the API: everything it is created with, `scale` (UpdateTaskSet), `status` PRIMARY/ACTIVE
 *     (UpdateServicePrimaryTaskSet), DRAINING (DeleteTaskSet);
 *   - the service scheduler: `stabilityStatus` and `stabilityStatusAt`, and the removal of a
 *     DRAINING task set once its last task is gone.
 */
export interface TaskSetRecord {
  id: string
  arn: string
  status: TaskSetStatus
  taskDefinition: string
  externalId?: string
  /**
   * Where its tasks run: container instances (EC2) or the Fargate pool (FARGATE); with a
   * `capacityProviderStrategy`, the strategy decides and DescribeTaskSets shows it instead.
   */
  launchType: 'EC2' | 'FARGATE'
  /** FARGATE (or a FARGATE / FARGATE_SPOT strategy) only: the platform version asked for (LATEST when not given). */
  platformVersion?: string
  /** Its own strategy, or the cluster's default one when it named neither this nor a launch type (as ECS resolves it). */
  capacityProviderStrategy?: CapacityProviderStrategyItem[]
  networkConfiguration?: NetworkConfiguration
  /**
   * The target group its tasks register in (ECS allows one per task set): each RUNNING task's
   * binding is registered by the service scheduler and drained before the task stops. Absent
   * on records from before task sets had load balancers: none.
   */
  loadBalancers?: LoadBalancer[]
  scale: { value: number; unit: 'PERCENT' }
  /** CreateTaskSet's clientToken: the same token again answers this task set. */
  clientToken?: string
  createdAt: number
  updatedAt: number
  /** The scheduler's: STEADY_STATE while its computed count runs, nothing pending or stopping. */
  stabilityStatus: 'STEADY_STATE' | 'STABILIZING'
  stabilityStatusAt: number
}

/**
 * PRIMARY: the one DescribeServices reports the service's task definition and network from;
 * ACTIVE: any other; DRAINING: deleted (DeleteTaskSet), its tasks draining from its target group
 * and stopping. The scheduler removes a DRAINING task set once it has no task left, as ECS does.
 */
export type TaskSetStatus = 'PRIMARY' | 'ACTIVE' | 'DRAINING'

/** ECS's limit on task sets per service ("N deployments exist on the service ... exceeds the maximum limit"). */
export const MAX_TASK_SETS = 5

/**
 * How many tasks a task set runs (pure): its scale, a percentage of the service's desiredCount,
 * rounded up; none while the service is not ACTIVE (deleted, draining).
 */
export function computedDesiredCount(serviceDesired: number, scale: TaskSetRecord['scale'], serviceActive = true, status: TaskSetStatus = 'ACTIVE'): number {
  if (!serviceActive || status === 'DRAINING') return 0
  // Round the product to 1e-9 first, so that 3 × 33.333333333% is 1, not 2 — nor 10 × 30% 3.0000000000000004 → 4.
  return Math.ceil(Math.round(serviceDesired * scale.value * 1e7) / 1e9)
}
