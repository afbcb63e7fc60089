import type { AlarmRecord } from '../../core/model/alarm.js'
import type { LoadBalancer, TaskDefinition } from '../../core/aws-model/ecs.types.js'
import type { ContainerInstanceRecord } from '../../core/model/container-instance.js'
import type { ServiceDeploymentRecord, ServiceRecord } from '../../core/model/service.js'
import type { TaskRecord } from '../../core/model/task.js'
import type { RuleAction } from '../../core/model/rule-action.js'
import type { TargetChanges, TargetGroupView } from './load-balancing.js'

/** Everything reconcileService decides from: one service as the store has it, and the time. */
export interface ServiceSnapshot {
  service: ServiceRecord
  /** The service deployment the PRIMARY deployment reports to (2025 API), if found. */
  serviceDeployment: ServiceDeploymentRecord | undefined
  /** The task definitions of the service's live deployments, by ARN. */
  taskDefinitions: ReadonlyMap<string, TaskDefinition>
  /** The service's tasks not yet STOPPED, and the STOPPED ones it has not yet counted. */
  tasks: readonly TaskRecord[]
  /** The cluster's registered instances (INACTIVE ones left out), shared by its services' snapshots. */
  cluster: ClusterView
  /** Each live deployment's load balancers (its revision's `loadBalancers`), or each task set's, by deployment (task set) id. */
  loadBalancers: ReadonlyMap<string, readonly LoadBalancer[]>
  /** The target groups those name, with their targets (load-balancing.ts); empty without load balancers. */
  targetGroups: ReadonlyMap<string, TargetGroupView>
  /** The actions of the listener rules a blue/green service deployment shifts traffic on, by rule ARN. */
  rules: ReadonlyMap<string, readonly RuleAction[]>
  /** The CloudWatch alarms named by deploymentConfiguration.alarms, by name, while they are watched (deployment-alarms.ts); else empty. */
  alarms: ReadonlyMap<string, AlarmRecord>
  /** False while an earlier placement that found no room waits for the cluster to change. */
  mayPlace: boolean
  settings: SchedulerSettings
  now: number
}

/**
 * A cluster's instances, indexed once for all its services. `byArn` also finds the hosts of
 * the Fargate pool (`pool`), where FARGATE tasks run: a task's host is looked up there, while
 * `instances` (what DAEMON services cover and zones are counted over) is the cluster's own.
 */
export interface ClusterView {
  instances: readonly ContainerInstanceRecord[]
  byArn: ReadonlyMap<string, ContainerInstanceRecord>
}

export const clusterView = (instances: readonly ContainerInstanceRecord[], pool: readonly ContainerInstanceRecord[] = []): ClusterView => ({
  instances,
  byArn: new Map([...instances, ...pool].map((i) => [i.arn, i])),
})

export interface SchedulerSettings {
  /** An instance whose agent has been disconnected this long is lost: its tasks are replaced. */
  lostAfterMs: number
  /** The 40-second rule for tasks without health checks (health.ts). */
  healthyAfterMs: number
}

/** What the applier starts: `count` tasks of one deployment, optionally on given instances or in one zone. */
export interface StartIntent {
  deploymentId: string
  taskDefinitionArn: string
  count: number
  /** A DAEMON service's: only these instances, one task each. */
  instances?: readonly string[]
  /** An Availability Zone rebalancing's: only this zone. */
  zone?: string
  /** How many of these replace tasks stopped for failing health checks (the event says so). */
  replacingUnhealthy: number
}

/** What reconcileService decided for one service: records to write, tasks to start, events to tell. */
export interface ServicePlan {
  /** The service as it should be stored; the same object as the snapshot's when nothing changed. */
  service: ServiceRecord
  /** The PRIMARY's service deployment as it should be stored, when it changed. */
  serviceDeployment?: ServiceDeploymentRecord
  /** Tasks to write: stopped by the scheduler, or marked (healthyAt, serviceAccounted). */
  tasks: TaskRecord[]
  start?: StartIntent
  /** Load-balancer targets to register and deregister (draining). */
  targets?: TargetChanges
  /** Listener rules whose forward weights move (blue/green, linear, canary): their new actions. */
  rules?: { ruleArn: string; actions: RuleAction[] }[]
  /** Event messages, in the order they happened. */
  events: string[]
  /** When time alone will change something (a health threshold, a lost instance, a throttle). */
  wakeAt?: number
}

/** True when a plan writes or starts anything. */
export const planActs = (p: ServicePlan, snapshot: ServiceSnapshot): boolean =>
  p.service !== snapshot.service || p.serviceDeployment !== undefined || p.tasks.length > 0 || p.start !== undefined || p.events.length > 0 || (p.rules?.length ?? 0) > 0 ||
  (p.targets !== undefined && p.targets.register.length + p.targets.deregister.length > 0)
