import type { ContainerInstanceStatus } from '../../core/model/container-instance.js'
import type { Expression, QueryTarget } from '../../core/query/index.js'
import type { RejectReason } from './reasons.js'

/** What one task needs from a container instance (EC2 launch type). */
export interface TaskDemand {
  /** CPU units (1,024 per vCPU): the task's cpu, else the sum of its containers'. */
  cpu: number
  /** MiB: the task's memory, else the sum of each container's memory or memoryReservation. */
  memory: number
  /** Static TCP host ports. Dynamic ones (hostPort 0 or absent) never conflict: leave them out. */
  tcpPorts: readonly number[]
  /** Static UDP host ports, as tcpPorts. */
  udpPorts: readonly number[]
  /**
   * The task group: `service:<name>` for a service's tasks, RunTask's `group` (by default
   * `family:<family>`) otherwise. distinctInstance and spread count tasks of this group.
   */
  group: string
  /**
   * Attributes the task definition requires (its `requiresAttributes`): the instance must have
   * each name, and the value where one is given.
   */
  requiredAttributes?: readonly { name: string; value?: string | undefined }[] | undefined
}

/**
 * A container instance as placement sees it: what the cluster query language can select on
 * (QueryTarget: attributes, ec2InstanceId, agentConnected, agentVersion, registeredAt,
 * runningTasksCount, taskGroups) plus what is left of it. Built by the caller from the store;
 * never mutated here.
 */
export interface CandidateInstance extends QueryTarget {
  arn: string
  /** The id at the end of the ARN; service events name instances by it. */
  id: string
  status: ContainerInstanceStatus
  /** remainingResources CPU, in CPU units. */
  remainingCpu: number
  /** remainingResources MEMORY, in MiB. */
  remainingMemory: number
  /** TCP host ports taken: the reserved PORTS and every port held by a task on the instance. */
  tcpPortsInUse: ReadonlySet<number>
  /** UDP host ports taken: the reserved PORTS_UDP and every port held by a task. */
  udpPortsInUse: ReadonlySet<number>
}

/** A placement constraint, parsed and checked (see parse.ts). */
export type PlacementConstraintSpec = DistinctInstanceConstraint | MemberOfConstraint
export interface DistinctInstanceConstraint {
  type: 'distinctInstance'
}
export interface MemberOfConstraint {
  type: 'memberOf'
  /** The text as given: it keys the cluster's cache of results. */
  expression: string
  query: Expression
}

/** A placement strategy, parsed and checked; `host` arrives here as `instanceId`. */
export type PlacementStrategySpec =
  | { type: 'binpack'; field: 'cpu' | 'memory' }
  | { type: 'spread'; field: 'instanceId' }
  | { type: 'spread'; field: 'attribute'; attribute: string }
  | { type: 'random' }

export interface PlacementRequest {
  demand: TaskDemand
  /** How many copies of the task to place, one after another. */
  count: number
  /** The task definition's memberOf constraints and the request's, together (at most 10). */
  constraints: readonly PlacementConstraintSpec[]
  /** In order of precedence: a later strategy only breaks the ties of the earlier ones. */
  strategies: readonly PlacementStrategySpec[]
  /** Any text (a deployment id, a request id): the same seed and input give the same result. */
  seed: string
}

/** A task that found an instance. */
export interface Placed {
  kind: 'placed'
  instance: CandidateInstance
  /** The instance's rank under each strategy when it was chosen (lower ranks first). */
  scores: readonly number[]
}

/** One instance turned down, and the first check it failed. */
export interface Rejection {
  instance: CandidateInstance
  reason: RejectReason
}

/** A task that no instance could take. */
export interface Unplaced {
  kind: 'unplaced'
  /** How many instances each check turned down (Nomad's "constraint filtered" counts). */
  unplaceable: Readonly<Record<RejectReason, number>>
  /** The instance that came closest to fitting; undefined when there were no instances at all. */
  closest: Rejection | undefined
  /** Every instance, in input order, with the first check it failed. */
  rejected: readonly Rejection[]
}

export type TaskPlacement = Placed | Unplaced

export interface PlacementResult {
  /** One entry per task asked for, in order; once one task fails, the rest fail alike. */
  tasks: TaskPlacement[]
  placedCount: number
}
