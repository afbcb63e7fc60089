import type { CapacityProviderStrategyItem, LoadBalancer, NetworkConfiguration, PlacementConstraint, PlacementStrategy, PropagateTags } from '../aws-model/ecs.types.js'
import type { TaskSetRecord } from './task-set.js'

/**
 * A service as Berth stores it. Fields have one writer each:
 *   - the API writes what the user asked for: the configuration, desiredCount (REPLICA), and a
 *     new PRIMARY deployment when an update calls for one (the old PRIMARY becomes ACTIVE);
 *   - the service scheduler writes what it did about it: each deployment's progress
 *     (rolloutState, failedTasks, circuit breaker), removes drained deployments, moves a
 *     DRAINING service to INACTIVE, keeps `scheduler` (its own bookkeeping) and, for a DAEMON
 *     service (where the API refuses a desiredCount), desiredCount: the instances it covers.
 * Counts (running, pending) are derived from the tasks when the service is read, never stored.
 */
export interface ServiceRecord {
  arn: string
  name: string
  clusterArn: string
  status: ServiceStatus
  schedulingStrategy: 'REPLICA' | 'DAEMON'
  desiredCount: number
  /** EC2: the cluster's instances; FARGATE: the server's Fargate pool (CreateService sets it, once). */
  launchType: 'EC2' | 'FARGATE'
  /** FARGATE only: the platformVersion asked for, as DescribeServices echoes it (LATEST when not given). */
  platformVersion?: string
  /**
   * The capacity provider strategy its tasks are placed by (CreateService and UpdateService
   * write it: the request's, or the cluster's default when neither it nor a launch type was
   * given); absent for a service of launch type EC2. DescribeServices shows it instead of launchType.
   */
  capacityProviderStrategy?: CapacityProviderStrategyItem[]
  /** The PRIMARY deployment's task definition ARN, as DescribeServices shows it. */
  taskDefinition: string
  deploymentConfiguration: DeploymentSettings
  placementConstraints: PlacementConstraint[]
  placementStrategy: PlacementStrategy[]
  networkConfiguration?: NetworkConfiguration
  loadBalancers: LoadBalancer[]
  healthCheckGracePeriodSeconds?: number
  roleArn?: string
  propagateTags: PropagateTags
  enableECSManagedTags: boolean
  enableExecuteCommand: boolean
  availabilityZoneRebalancing: 'ENABLED' | 'DISABLED'
  /** CreateService's clientToken: the same token and request answer the same service. */
  clientToken?: string
  /** A digest of the CreateService request that made it (clientToken aside): "the same request". */
  createRequestHash?: string
  createdAt: number
  createdBy?: string
  /**
   * EXTERNAL: an external controller deploys it through task sets (`taskSets`), and it has no
   * deployments, revisions or service deployments. Absent: the ECS controller (Berth's own).
   */
  deploymentController?: 'EXTERNAL'
  /** An EXTERNAL service's task sets, the PRIMARY (if any) first; absent for the ECS controller. */
  taskSets?: TaskSetRecord[]
  /** The live deployments: the PRIMARY first, then ACTIVE ones still holding tasks (none for EXTERNAL). */
  deployments: DeploymentRecord[]
  /** The ARN of the newest service deployment (the 2025 API's `currentServiceDeployment`). */
  currentServiceDeploymentArn: string
  /** The last deployment that COMPLETED: what a rollback returns to. */
  lastCompleted?: DeploymentRecord
  /** The scheduler's own bookkeeping (see SchedulerState). */
  scheduler: SchedulerState
  /** Increments on every change. */
  version: number
}

export type ServiceStatus = 'ACTIVE' | 'DRAINING' | 'INACTIVE'

/** A service's deploymentConfiguration with ECS's defaults filled in. */
export interface DeploymentSettings {
  maximumPercent: number
  minimumHealthyPercent: number
  deploymentCircuitBreaker: { enable: boolean; rollback: boolean }
  strategy: DeploymentStrategy
  /** BLUE_GREEN, LINEAR, CANARY: both revisions run this long after production has shifted (0 for ROLLING). */
  bakeTimeInMinutes: number
  /** LINEAR only, defaults filled in: green's share grows by stepPercent, waiting stepBakeTimeInMinutes between steps. */
  linearConfiguration?: { stepPercent: number; stepBakeTimeInMinutes: number }
  /** CANARY only, defaults filled in: canaryPercent first, then 100 after canaryBakeTimeInMinutes. */
  canaryConfiguration?: { canaryPercent: number; canaryBakeTimeInMinutes: number }
  /**
   * CloudWatch alarms that fail a ROLLING deployment when one goes into ALARM while it is under
   * way or baking (src/scheduler/services/deployment-alarms.ts); with rollback, back to the
   * last completed deployment. Disabled ones are stored and echoed.
   */
  alarms?: { alarmNames: string[]; enable: boolean; rollback: boolean }
}

export type DeploymentStrategy = 'ROLLING' | 'BLUE_GREEN' | 'LINEAR' | 'CANARY'

/**
 * One deployment (`ecs-svc/<19 digits>`): a revision of the service's task definition and
 * network, and the tasks started for it (their `startedBy` is the id). The service keeps it
 * while it has tasks; rolling back revives a completed one with its id.
 */
export interface DeploymentRecord {
  id: string
  status: 'PRIMARY' | 'ACTIVE'
  /** The service revision it runs (`service-revision/<cluster>/<service>/<digits>`). */
  revisionArn: string
  /** The service deployment (2025 API) that started it. */
  serviceDeploymentArn: string
  taskDefinition: string
  networkConfiguration?: NetworkConfiguration
  /**
   * Blue/green, linear, canary: the target group of the pair its tasks register in, decided
   * when it starts (the one not taking production traffic then) and fixed for its life, so a
   * revived deployment returns to its own group. Absent: its revision's `loadBalancers` as given.
   */
  targetGroupArn?: string
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED'
  rolloutStateReason: string
  /** Tasks of this deployment that failed in a row (the circuit breaker counts these). */
  failedTasks: number
  /** Set once a task of this deployment was healthy: from then the circuit breaker stops counting. */
  succeeded: boolean
  createdAt: number
  updatedAt: number
}

/** What the scheduler remembers between passes, beyond the tasks themselves. */
export interface SchedulerState {
  /** Tasks that failed to start in a row (stopped before RUNNING): crash-loop throttling. */
  startFailures: number
  /** No task is started before this time (epoch ms): throttling. */
  nextStartAt?: number
  /** When the service last became steady and said so in an event. */
  steadySince?: number
  /** An Availability Zone rebalancing in progress. */
  rebalancing: boolean
  /**
   * With deployment alarms: when the PRIMARY reached its desired count with the older
   * deployments gone, the start of its bake (the alarms are still watched until it ends).
   */
  alarmBakeSince?: number
}

/** A service deployment of the 2025 API: moving a service from some revisions to a target one. */
export interface ServiceDeploymentRecord {
  arn: string
  serviceArn: string
  clusterArn: string
  status: ServiceDeploymentStatus
  statusReason?: string
  targetRevisionArn: string
  /** The deployment (`ecs-svc/...`) that runs the target revision. */
  deploymentId: string
  /** The revisions live when it began, with how many tasks each had then. */
  sources: { revisionArn: string; deploymentId: string; requestedTaskCount: number }[]
  /** The service's desiredCount when it began. */
  requestedTaskCount: number
  deploymentConfiguration: DeploymentSettings
  circuitBreaker: { status: 'TRIGGERED' | 'MONITORING' | 'MONITORING_COMPLETE' | 'DISABLED'; failureCount: number; threshold: number }
  /** Deployment alarms as DescribeServiceDeployments shows them; absent on records from before them (DISABLED). */
  alarms?: { status: 'TRIGGERED' | 'MONITORING' | 'MONITORING_COMPLETE' | 'DISABLED'; alarmNames: string[]; triggeredAlarmNames: string[] }
  rollback?: { reason: string; startedAt: number; serviceRevisionArn: string }
  /** Blue/green, linear, canary: where traffic is in the shift (absent for ROLLING). */
  trafficShift?: TrafficShiftRecord
  /** Counts frozen when it finished (the API reports live counts until then). */
  finalCounts?: Record<string, { running: number; pending: number }>
  createdAt: number
  startedAt?: number
  finishedAt?: number
  stoppedAt?: number
  updatedAt: number
}

export type ServiceDeploymentStatus =
  | 'PENDING'
  | 'SUCCESSFUL'
  | 'STOPPED'
  | 'STOP_REQUESTED'
  | 'IN_PROGRESS'
  | 'ROLLBACK_REQUESTED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_SUCCESSFUL'
  | 'ROLLBACK_FAILED'

/**
 * The 2025 API's `lifecycleStage` values, all of which Berth passes through. Without hooks the
 * POST_ stages last one scheduler pass; RECONCILE_SERVICE only when a deployment starts while
 * another revision still runs beside production (an UpdateService in the middle of a shift).
 */
export type LifecycleStage =
  | 'RECONCILE_SERVICE'
  | 'PRE_SCALE_UP'
  | 'SCALE_UP'
  | 'POST_SCALE_UP'
  | 'TEST_TRAFFIC_SHIFT'
  | 'POST_TEST_TRAFFIC_SHIFT'
  | 'PRODUCTION_TRAFFIC_SHIFT'
  | 'POST_PRODUCTION_TRAFFIC_SHIFT'
  | 'BAKE_TIME'
  | 'CLEAN_UP'

/**
 * A blue/green, linear or canary service deployment's traffic. The API writes the pair and the
 * rules when the deployment starts (fixed); the service scheduler writes the rest as it moves.
 * "green" is the target revision's group, "blue" the one production used when it began.
 */
export interface TrafficShiftRecord {
  /** A rule ARN, or a listener's default rule ARN (then the listener's defaultActions are written). */
  productionRuleArn: string
  testRuleArn?: string
  blueTargetGroupArn: string
  greenTargetGroupArn: string
  stage: LifecycleStage
  /** Green's share of production traffic, percent as requested (0.1 steps); 0 again after a rollback. */
  productionWeight: number
  /** Green's share of test traffic: 0 or 100. */
  testWeight: number
  /** When the current stage (or production step) began: bake times count from it. */
  stageSince: number
}

/** Statuses a service deployment ends in. */
export const FINISHED_SERVICE_DEPLOYMENT: ReadonlySet<ServiceDeploymentStatus> = new Set([
  'SUCCESSFUL',
  'STOPPED',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
])

/** What a deployment runs: immutable once made, described by DescribeServiceRevisions. */
export interface ServiceRevisionRecord {
  arn: string
  serviceArn: string
  clusterArn: string
  taskDefinition: string
  launchType: 'EC2' | 'FARGATE'
  loadBalancers: LoadBalancer[]
  /**
   * DescribeServiceRevisions' `resolvedConfiguration.loadBalancers`: the target group each load
   * balancer's tasks serve from (blue/green: the group of the pair chosen when the revision was
   * made) and its production listener rule. Absent on revisions stored before it was recorded.
   */
  resolvedLoadBalancers?: { targetGroupArn: string; productionListenerRule?: string }[]
  networkConfiguration?: NetworkConfiguration
  containerImages: { containerName: string; image: string }[]
  createdAt: number
}

/** One line of a service's event log, newest first on the wire. */
export interface ServiceEventRecord {
  id: string
  createdAt: number
  message: string
}

/** ECS shows a service's latest 100 events. */
export const MAX_SERVICE_EVENTS = 100

/** The task group ECS gives a service's tasks. */
export const serviceGroup = (serviceName: string): string => `service:${serviceName}`
