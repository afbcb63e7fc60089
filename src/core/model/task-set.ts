import type { NetworkConfiguration } from '../aws-model/ecs.types.js'

/**
 * A task set of a service with the EXTERNAL deployment controller (`ecs-svc/<19 digits>`,
 * ARN `task-set/<cluster>/<service>/<id>`): a task definition and network, and a share
 * (`scale`, percent of the service's desiredCount) that the service scheduler keeps running;
 * its tasks' `startedBy` is the id, as ECS sets it. Kept in its service's record
 * (`ServiceRecord.taskSets`), like a deployment, so a change to either wakes the scheduler and
 * a desiredCount change rescales every task set in the same write. Writers:
 *   - the API: everything it is created with, `scale` (UpdateTaskSet), `status` PRIMARY/ACTIVE
 *     (UpdateServicePrimaryTaskSet), removal (DeleteTaskSet, whose tasks then stop as strays);
 *   - the service scheduler: `stabilityStatus` and `stabilityStatusAt`.
 */
export interface TaskSetRecord {
  id: string
  arn: string
  status: TaskSetStatus
  taskDefinition: string
  externalId?: string
  /** Berth runs task sets on container instances (CreateTaskSet refuses the other launch types). */
  launchType: 'EC2'
  networkConfiguration?: NetworkConfiguration
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
 * ACTIVE: any other. ECS's DRAINING is a task set being deleted: Berth removes it at once and
 * its tasks stop as the scheduler's strays, so no record stays DRAINING.
 */
export type TaskSetStatus = 'PRIMARY' | 'ACTIVE'

/** ECS's limit on task sets per service ("N deployments exist on the service ... exceeds the maximum limit"). */
export const MAX_TASK_SETS = 5

/**
 * How many tasks a task set runs (pure): its scale, a percentage of the service's desiredCount,
 * rounded up; none while the service is not ACTIVE (deleted, draining).
 */
export function computedDesiredCount(serviceDesired: number, scale: TaskSetRecord['scale'], serviceActive = true): number {
  if (!serviceActive) return 0
  // Round the product to 1e-9 first, so that 3 × 33.333333333% is 1, not 2 — nor 10 × 30% 3.0000000000000004 → 4.
  return Math.ceil(Math.round(serviceDesired * scale.value * 1e7) / 1e9)
}
