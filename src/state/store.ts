import type { AccountSettingReader, AccountSettingRepo } from './account-settings-store.js'
import type { CapacityProviderReader, CapacityProviderRepo } from './capacity-provider-store.js'
import type { TaskDefinition } from '../core/aws-model/ecs.types.js'
import type { ClusterRecord, ClusterStatus } from '../core/model/cluster.js'
import type { ContainerInstanceRecord, ContainerInstanceStatus } from '../core/model/container-instance.js'
import type {
  ServiceDeploymentRecord,
  ServiceDeploymentStatus,
  ServiceEventRecord,
  ServiceRecord,
  ServiceRevisionRecord,
  ServiceStatus,
} from '../core/model/service.js'
import type { TagRecord } from '../core/model/tag.js'
import type { TaskRecord } from '../core/model/task.js'
import type { TaskDesiredStatus } from '../core/status.js'
import type { AlarmHistoryReader, AlarmHistoryRepo, AlarmReader, AlarmRepo } from './alarm-store.js'
import type { LogsReader, LogsRepo } from './logs-store.js'
import type {
  ListenerReader,
  ListenerRepo,
  LoadBalancerReader,
  LoadBalancerRepo,
  RuleReader,
  RuleRepo,
  TargetGroupReader,
  TargetGroupRepo,
  TargetReader,
  TargetRepo,
} from './elb-store.js'
import type {
  ScalableTargetReader,
  ScalableTargetRepo,
  ScalingActivityReader,
  ScalingActivityRepo,
  ScalingPolicyReader,
  ScalingPolicyRepo,
  ScheduledActionReader,
  ScheduledActionRepo,
} from './scaling-store.js'

/**
 * All durable state sits behind this interface. Callers never see SQL, and every method is
 * asynchronous, so a PostgreSQL backend can replace the embedded SQLite one without touching
 * them. Records returned are the caller's to read, never to mutate in place: change a copy
 * and put it back inside a transaction.
 */
export interface Store {
  /**
   * Runs `fn` as one serializable transaction: everything it writes commits together when it
   * resolves, or nothing does when it throws. Keep `fn` to store calls: it holds the writer.
   */
  txn<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T>
  /** Reads committed state. */
  read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T>
  /** The index of the last committed write transaction; it only grows. */
  index(): number
  /** The index of the last committed transaction that wrote `table`; 0 if none has since the store opened empty. */
  tableIndex(table: StoreTable): number
  /**
   * Resolves with the store's index once a transaction above `minIndex` has committed that
   * wrote one of `options.tables` (any table when none are named): a blocking query. A
   * controller watches the tables it reads, so a log batch wakes no scheduler.
   */
  watch(minIndex: number, options?: WatchOptions): Promise<number>
  close(): Promise<void>
}

/** The tables of the store, by the names transactions use (ReadTx's members). */
export type StoreTable = keyof ReadTx

export interface WatchOptions {
  tables?: readonly StoreTable[] | undefined
  signal?: AbortSignal | undefined
}

/** A record as it was last written, with the index of the transaction that wrote it. */
export interface Changed<T> {
  index: number
  record: T
}

/** Records written after `since`, in the order they were written, at most `limit`. */
export interface ChangesQuery {
  since: number
  limit: number
}

export interface ReadTx {
  clusters: ClusterReader
  taskDefinitions: TaskDefinitionReader
  containerInstances: ContainerInstanceReader
  tags: TagReader
  /** ECS account settings (account-settings-store.ts). */
  accountSettings: AccountSettingReader
  /** ECS capacity providers (capacity-provider-store.ts). */
  capacityProviders: CapacityProviderReader
  tasks: TaskReader
  services: ServiceReader
  serviceDeployments: ServiceDeploymentReader
  serviceRevisions: ServiceRevisionReader
  serviceEvents: ServiceEventReader
  /** CloudWatch Logs groups, streams and events (logs-store.ts). */
  logs: LogsReader
  /** ELBv2 (elb-store.ts): one table each, so a controller watches exactly what it reads. */
  loadBalancers: LoadBalancerReader
  listeners: ListenerReader
  rules: RuleReader
  targetGroups: TargetGroupReader
  targets: TargetReader
  /** CloudWatch metric alarms and their history (alarm-store.ts). */
  alarms: AlarmReader
  alarmHistory: AlarmHistoryReader
  /** Application Auto Scaling (scaling-store.ts). */
  scalableTargets: ScalableTargetReader
  scalingPolicies: ScalingPolicyReader
  scheduledActions: ScheduledActionReader
  scalingActivities: ScalingActivityReader
}

export interface WriteTx extends ReadTx {
  clusters: ClusterRepo
  taskDefinitions: TaskDefinitionRepo
  containerInstances: ContainerInstanceRepo
  tags: TagRepo
  accountSettings: AccountSettingRepo
  capacityProviders: CapacityProviderRepo
  tasks: TaskRepo
  services: ServiceRepo
  serviceDeployments: ServiceDeploymentRepo
  serviceRevisions: ServiceRevisionRepo
  serviceEvents: ServiceEventRepo
  logs: LogsRepo
  loadBalancers: LoadBalancerRepo
  listeners: ListenerRepo
  rules: RuleRepo
  targetGroups: TargetGroupRepo
  targets: TargetRepo
  alarms: AlarmRepo
  alarmHistory: AlarmHistoryRepo
  scalableTargets: ScalableTargetRepo
  scalingPolicies: ScalingPolicyRepo
  scheduledActions: ScheduledActionRepo
  scalingActivities: ScalingActivityRepo
}

/** Keyset pagination: `after` is the last key of the previous page; lists are ordered by key. */
export interface PageRequest<K> {
  after?: K | undefined
  limit: number
}

export interface ClusterReader {
  get(arn: string): Promise<ClusterRecord | undefined>
  /** Ordered by ARN. */
  list(page: PageRequest<string> & { status?: ClusterStatus }): Promise<ClusterRecord[]>
}
export interface ClusterRepo extends ClusterReader {
  put(cluster: ClusterRecord): Promise<void>
}

export type TaskDefinitionKey = readonly [family: string, revision: number]
/** DELETE_IN_PROGRESS: deleted with DeleteTaskDefinitions (the status column is free text: no migration). */
export type TaskDefinitionStatus = 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS'

export interface TaskDefinitionReader {
  get(family: string, revision: number): Promise<TaskDefinition | undefined>
  /** The newest ACTIVE revision of a family. */
  latestActive(family: string): Promise<TaskDefinition | undefined>
  /** The highest revision ever registered in a family, ACTIVE or not; 0 for a new family. */
  lastRevision(family: string): Promise<number>
  /**
   * Ordered by family, then revision; DESC reverses both. `family` keeps one family exactly
   * (ListTaskDefinitions' `familyPrefix` is an exact family match on ECS).
   */
  list(
    page: PageRequest<TaskDefinitionKey> & {
      family?: string
      familyPrefix?: string
      status?: TaskDefinitionStatus
      order: 'ASC' | 'DESC'
    },
  ): Promise<TaskDefinition[]>
  /** Family names, ordered. A family is ACTIVE while any revision is ACTIVE, else INACTIVE. */
  families(page: PageRequest<string> & { familyPrefix?: string; status?: TaskDefinitionStatus }): Promise<string[]>
}
export interface TaskDefinitionRepo extends TaskDefinitionReader {
  put(taskDefinition: TaskDefinition): Promise<void>
}

export interface ContainerInstanceReader {
  get(arn: string): Promise<ContainerInstanceRecord | undefined>
  /** A cluster's instances, ordered by ARN. */
  list(page: PageRequest<string> & { clusterArn: string; status?: ContainerInstanceStatus }): Promise<ContainerInstanceRecord[]>
  /** How many instances of a cluster are not INACTIVE (deregistered). */
  countRegistered(clusterArn: string): Promise<number>
  /** Instances written after `since`, any cluster, ordered by the index that wrote them. */
  changedSince(q: ChangesQuery): Promise<Changed<ContainerInstanceRecord>[]>
}
export interface ContainerInstanceRepo extends ContainerInstanceReader {
  put(instance: ContainerInstanceRecord): Promise<void>
}

export interface TagReader {
  /** A resource's tags in the order their keys were first set. */
  get(resourceArn: string): Promise<TagRecord[]>
}
export interface TagRepo extends TagReader {
  /** Adds tags, overwriting the value of keys the resource already has. */
  put(resourceArn: string, tags: readonly TagRecord[]): Promise<void>
  remove(resourceArn: string, keys: readonly string[]): Promise<void>
}

export interface TaskFilter {
  clusterArn: string
  containerInstanceArn?: string
  family?: string
  startedBy?: string
  group?: string
  /** As ECS shows it (shownDesiredStatus): a task draining before its stop is STOPPED. */
  desiredStatus?: TaskDesiredStatus
}

export interface TaskReader {
  get(arn: string): Promise<TaskRecord | undefined>
  /** A cluster's tasks matching every filter given, ordered by ARN. */
  list(page: PageRequest<string> & TaskFilter): Promise<TaskRecord[]>
  /** Tasks that still hold resources on an instance: every task not yet STOPPED. */
  holdingResources(containerInstanceArn: string): Promise<TaskRecord[]>
  /**
   * Tasks waiting in PROVISIONING for capacity (isWaitingForCapacity: no instance yet, not
   * STOPPED), any cluster, oldest first (createdAt, then ARN): the order they are placed in.
   */
  waitingForCapacity(): Promise<TaskRecord[]>
  /** A cluster's tasks by lastStatus, not counting STOPPED ones. */
  countByStatus(clusterArn: string): Promise<Record<string, number>>
  /** Up to `limit` STOPPED tasks whose stoppedAt is before `cutoff` (epoch ms), any cluster. */
  stoppedBefore(cutoff: number, limit: number): Promise<TaskRecord[]>
  /**
   * Tasks written after `since` (on one instance, when given), ordered by the index that
   * wrote them. Deleted tasks are not among them.
   */
  changedSince(q: ChangesQuery & { containerInstanceArn?: string }): Promise<Changed<TaskRecord>[]>
  /**
   * A cluster's tasks of one group (a service's: `service:<name>`) that are not STOPPED, and
   * with `unaccounted`, also the STOPPED ones the service scheduler has not yet counted.
   */
  inGroup(clusterArn: string, group: string, options?: { unaccounted?: boolean }): Promise<TaskRecord[]>
}
export interface TaskRepo extends TaskReader {
  put(task: TaskRecord): Promise<void>
  delete(arn: string): Promise<void>
}

export interface ServiceReader {
  get(arn: string): Promise<ServiceRecord | undefined>
  /** A cluster's services, ordered by ARN, of one status when given. */
  list(page: PageRequest<string> & { clusterArn: string; status?: ServiceStatus }): Promise<ServiceRecord[]>
  /** How many services of a cluster are ACTIVE. */
  countActive(clusterArn: string): Promise<number>
  /** Services written after `since`, any cluster, ordered by the index that wrote them. */
  changedSince(q: ChangesQuery): Promise<Changed<ServiceRecord>[]>
}
export interface ServiceRepo extends ServiceReader {
  put(service: ServiceRecord): Promise<void>
}

export interface ServiceDeploymentReader {
  get(arn: string): Promise<ServiceDeploymentRecord | undefined>
  /**
   * A service's deployments, newest first (by createdAt, then ARN); `after` is the last ARN of
   * the previous page.
   */
  list(
    page: PageRequest<string> & {
      serviceArn: string
      statuses?: readonly ServiceDeploymentStatus[]
      createdAfter?: number
      createdBefore?: number
    },
  ): Promise<ServiceDeploymentRecord[]>
}
export interface ServiceDeploymentRepo extends ServiceDeploymentReader {
  put(deployment: ServiceDeploymentRecord): Promise<void>
  /** Forgets every deployment of a service (a service created again under the same name starts afresh). */
  deleteForService(serviceArn: string): Promise<void>
}

export interface ServiceRevisionReader {
  get(arn: string): Promise<ServiceRevisionRecord | undefined>
}
export interface ServiceRevisionRepo extends ServiceRevisionReader {
  put(revision: ServiceRevisionRecord): Promise<void>
  deleteForService(serviceArn: string): Promise<void>
}

export interface ServiceEventReader {
  /** A service's latest events, newest first. */
  latest(serviceArn: string, limit: number): Promise<ServiceEventRecord[]>
}
export interface ServiceEventRepo extends ServiceEventReader {
  /** Adds an event, keeping only the service's newest `keep`. */
  append(serviceArn: string, event: ServiceEventRecord, keep: number): Promise<void>
  deleteForService(serviceArn: string): Promise<void>
}
