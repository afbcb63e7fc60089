import type { TaskNetworkInterface } from '../agent-protocol.js'
import type {
  HealthStatus,
  NetworkBinding,
  NetworkConfiguration,
  PlacementConstraint,
  PlacementStrategy,
  TaskOverride,
  TaskStopCode,
} from '../aws-model/ecs.types.js'
import type { TaskDesiredStatus, TaskStatus } from '../status.js'

/**
 * A task as Berth stores it. Fields have one writer each:
 *   - the API and the scheduler write `desiredStatus` (and stopCode/stoppedReason when they stop it);
 *   - the agent's reports write everything it observes (applyAgentReport copies only those);
 *   - except for a task that never had an instance (waiting in PROVISIONING): no agent knows it,
 *     so stopWaitingTask (core/model/waiting-task.ts) moves it to STOPPED itself.
 */
export interface TaskRecord {
  arn: string
  id: string
  clusterArn: string
  /**
   * The instance it runs on. Placement writes it, once: when the task is created if it fits
   * somewhere (scheduler/apply), or later, when capacity for a task waiting in PROVISIONING
   * comes up (scheduler/capacity/provisioning). Absent only while such a task waits, as ECS
   * shows a capacity provider's task that no instance has room for yet: no agent knows it.
   */
  containerInstanceArn?: string
  taskDefinitionArn: string
  family: string
  revision: number
  /** `family:<family>` for RunTask, `service:<name>` for services, or what the caller gave. */
  group: string
  startedBy?: string
  overrides: TaskOverride
  /** Task-level cpu and memory as the task definition (or overrides) gave them. */
  cpu?: string
  memory?: string
  /** What placement reserved on the instance: it is what remainingResources subtracts. */
  reservation: TaskReservation
  availabilityZone?: string
  enableExecuteCommand: boolean
  /**
   * Where the task runs (placement writes both, once): EC2 when absent, FARGATE on the
   * server's Fargate pool; `capacityProviderName` when a capacity provider strategy chose it.
   */
  launchType?: 'EC2' | 'FARGATE'
  capacityProviderName?: string
  /**
   * While it waits in PROVISIONING for its capacity provider's capacity (isWaitingForCapacity):
   * what placing it later needs, as it was asked for — the Auto Scaling group whose instances
   * may take it, the placement constraints (the task definition's memberOf and the request's,
   * in ECS's wire form), the strategies and the attributes its task definition requires.
   * scheduler/apply writes it when it creates the task without an instance; the provisioning
   * pass (scheduler/capacity) removes it when it places the task. Never shown on the wire.
   */
  waitingPlacement?: WaitingPlacement
  /**
   * awsvpc tasks only (the applier writes both once, at creation): the task has a network
   * interface of its own (task-eni.ts derives its attachment and `eni-…` ids from the ARN), and
   * the network configuration it was started with (RunTask's, StartTask's or its service
   * deployment's), as given. ECS shows the first subnet in the attachment's `subnetId`.
   */
  networkMode?: 'awsvpc'
  networkConfiguration?: NetworkConfiguration
  /**
   * awsvpc: the task's interface as its agent saw it (the holder's address and MAC on Docker's
   * network). Agent-owned: only applyAgentReport writes it; kept once the task stops.
   */
  networkInterface?: TaskNetworkInterface
  /**
   * FARGATE only (placement writes it, once): the platform version it runs on, resolved
   * (LATEST is 1.4.0). Its `containerInstanceArn` is then a host of the Fargate pool, which
   * the API never shows (core/model/fargate.ts).
   */
  platformVersion?: string

  desiredStatus: TaskDesiredStatus
  lastStatus: TaskStatus
  healthStatus: HealthStatus
  connectivity: 'CONNECTED' | 'DISCONNECTED'
  containers: TaskContainerRecord[]
  stopCode?: TaskStopCode
  stoppedReason?: string

  /** Epoch milliseconds, all of them. */
  createdAt: number
  connectivityAt?: number
  pullStartedAt?: number
  pullStoppedAt?: number
  startedAt?: number
  stoppingAt?: number
  executionStoppedAt?: number
  stoppedAt?: number
  /** Increments on every change, as ECS's task `version` does. */
  version: number

  /**
   * The service scheduler's marks on its own tasks (it alone writes them): when it first saw
   * the task healthy, and that it has counted the task's stop (as a failure or not) — so a
   * stop is counted once, however many passes see it.
   */
  healthyAt?: number
  serviceAccounted?: boolean
  /**
   * A decision to stop a task that takes load-balancer traffic, the service scheduler's or
   * StopTask's (the only writers): its targets drain first, and once the load balancer has let
   * them go the scheduler sets desiredStatus STOPPED with this stop code and reason. Shown meanwhile as lastStatus
   * DEACTIVATING, desiredStatus STOPPED, as ECS shows it.
   */
  deactivating?: { since: number; stopCode: TaskStopCode; stoppedReason: string }
  /**
   * Scale-in protection (UpdateTaskProtection, its only writer): the epoch milliseconds at
   * which it ends. Absent when never set or removed. Expiry is read against the clock
   * (task-protection.ts), never written back: a protection past its end is simply not one.
   */
  protectedUntil?: number
}

/**
 * Waiting in PROVISIONING for its capacity provider's capacity: created with no instance
 * (scheduler/apply, a provider with managed scaling and no room), not yet placed. No agent
 * knows it, so stopping it ends it at once (stopWaitingTask).
 */
export const isWaitingForCapacity = (t: TaskRecord): boolean => t.containerInstanceArn === undefined && t.lastStatus !== 'STOPPED'

/** Draining its load-balancer targets before it is told to stop: ECS's DEACTIVATING. */
export const isDeactivating = (t: TaskRecord): boolean => t.deactivating !== undefined && t.desiredStatus === 'RUNNING' && t.lastStatus === 'RUNNING'

/** The desired status as ECS shows it (DescribeTasks, ListTasks' filter): STOPPED while deactivating. */
export const shownDesiredStatus = (t: TaskRecord): TaskDesiredStatus => (isDeactivating(t) ? 'STOPPED' : t.desiredStatus)

export interface WaitingPlacement {
  autoScalingGroup: string
  constraints: PlacementConstraint[]
  strategies: PlacementStrategy[]
  requiredAttributes: { name: string; value?: string }[]
}

export interface TaskReservation {
  /** CPU units (1024 per core). */
  cpu: number
  /** MiB. */
  memory: number
  /** Static host ports this task holds on its instance. */
  tcpPorts: number[]
  udpPorts: number[]
}

export interface TaskContainerRecord {
  name: string
  containerArn: string
  image: string
  essential: boolean
  cpu?: number
  memory?: number
  memoryReservation?: number
  lastStatus: 'PENDING' | 'RUNNING' | 'STOPPED'
  runtimeId?: string
  imageDigest?: string
  exitCode?: number
  reason?: string
  networkBindings: NetworkBinding[]
  healthStatus?: HealthStatus
}
