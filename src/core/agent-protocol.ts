import type { NetworkBinding, TaskDefinition, TaskOverride, HealthStatus, TaskStopCode } from './aws-model/ecs.types.js'
import type { TaskDesiredStatus, TaskStatus } from './status.js'
import type { ResolvedContainer } from './model/task-sources.js'

/**
 * The agent channel: one WebSocket per container instance, JSON text frames. It is
 * level-triggered, like the controllers:
 *   - on every (re)connect the agent sends `hello` with everything it knows, and the server
 *     answers with `desired`: every task it wants on that instance, whole;
 *   - the server sends `desired` again whenever that set changes (never a diff);
 *   - the agent sends `report` when what it knows changes; each carries a `seq` the server
 *     acknowledges with `ack` after it has committed the report. Unacknowledged reports are
 *     resent after a reconnect; applying one twice changes nothing.
 *   - the agent sends `stats` every sampling interval: fire-and-forget (no seq, no ack); one
 *     lost with a connection is simply superseded by the next.
 *
 * Each side dispatches frames by `type` to one handler per kind, and parses every frame it
 * reads from `unknown` first (agent-protocol-parse.ts): a malformed frame is dropped and logged.
 */
export const AGENT_PROTOCOL_VERSION = 1
export const AGENT_CHANNEL_PATH = '/agent/v1/connect'

// ---- agent → server ----------------------------------------------------------------------

export interface HelloMessage {
  type: 'hello'
  protocol: typeof AGENT_PROTOCOL_VERSION
  containerInstanceArn: string
  /** Every task the agent runs or ran and has not yet been told to forget. */
  tasks: TaskReport[]
}

export interface ReportMessage {
  type: 'report'
  seq: number
  tasks: TaskReport[]
}

/** Container log lines for the awslogs driver, in order within each stream. */
export interface LogsMessage {
  type: 'logs'
  seq: number
  batches: LogBatch[]
}

export interface LogBatch {
  logGroupName: string
  logStreamName: string
  /** `awslogs-create-group: true`: create the group if it does not exist. */
  createGroup: boolean
  events: { timestamp: number; message: string }[]
  /**
   * The agent's number for `events[0]`: the lines of one stream are numbered 1, 2, 3, ... and a
   * batch's events consecutively, so a batch re-sent after a reconnect is applied once
   * (state/logs-append.ts, appendLogEvents). Absent: no de-duplication.
   */
  firstSequence?: number
}

export interface HeartbeatMessage {
  type: 'heartbeat'
}

/**
 * Resource use of the instance's running containers, sampled together. Not state: the server
 * keeps only the latest per task in memory (src/metrics), never in the store.
 */
export interface StatsMessage {
  type: 'stats'
  tasks: TaskStats[]
}

export interface TaskStats {
  taskArn: string
  containers: ContainerStatsSample[]
}

export interface ContainerStatsSample {
  name: string
  /** When the engine read the counters, epoch milliseconds (the agent's clock). */
  timestamp: number
  /**
   * CPU units in use (1024 per core), as ECS computes it from two successive readings:
   * Δ container cpu time / Δ host cpu time × online CPUs × 1024.
   */
  cpuUnits: number
  /** Memory in use: usage less the inactive file cache, as `docker stats` and ECS count it. */
  memoryBytes: number
}

export type AgentMessage = HelloMessage | ReportMessage | LogsMessage | StatsMessage | HeartbeatMessage

/** What the agent observed of one task: only fields the agent owns. */
export interface TaskReport {
  taskArn: string
  knownStatus: TaskStatus
  containers: ContainerReport[]
  healthStatus?: HealthStatus
  /** Epoch milliseconds. */
  pullStartedAt?: number
  pullStoppedAt?: number
  startedAt?: number
  executionStoppedAt?: number
  /** Set when the agent itself stops a task (an essential container exited, a pull failed). */
  stopCode?: TaskStopCode
  stoppedReason?: string
  /**
   * awsvpc: the task's own network interface, once its holder runs (Docker's inspect of the
   * holder on its network). Kept after the holder stops: it is what the task had.
   */
  networkInterface?: TaskNetworkInterface
}

/** What the agent saw of an awsvpc task's interface: an address that answers, from the host too. */
export interface TaskNetworkInterface {
  privateIpv4Address: string
  /** `02:42:ac:11:00:02`: lower-case, colon-separated, as Docker and ECS both write it. */
  macAddress?: string
}

export interface ContainerReport {
  name: string
  status: 'PENDING' | 'RUNNING' | 'STOPPED'
  runtimeId?: string
  imageDigest?: string
  exitCode?: number
  reason?: string
  networkBindings?: NetworkBinding[]
  healthStatus?: HealthStatus
}

// ---- server → agent ----------------------------------------------------------------------

export interface DesiredMessage {
  type: 'desired'
  tasks: DesiredTask[]
}

export interface AckMessage {
  type: 'ack'
  seq: number
}

export type ServerMessage = DesiredMessage | AckMessage

/** A task the server wants on the instance, with everything needed to run it. */
export interface DesiredTask {
  taskArn: string
  clusterName: string
  desiredStatus: TaskDesiredStatus
  taskDefinition: TaskDefinition
  overrides: TaskOverride
  containers: { name: string; containerArn: string }[]
  /**
   * Where ECS would run it: FARGATE on the server's Fargate pool, else EC2 (absent from servers
   * before it was sent: EC2). The agent tells containers (AWS_EXECUTION_ENV) and the metadata
   * endpoint (LaunchType).
   */
  launchType?: 'EC2' | 'FARGATE'
  /** Increments whenever the server changes what it wants of this task. */
  version: number
  /**
   * Its containers' secrets, environment-file variables and registry credentials, resolved by
   * the server from the operator's task sources (core/model/task-sources.ts); only containers
   * that ask for any. Secret values: the agent puts them in containers' environments and
   * Docker pulls, and never logs them.
   */
  resolved?: ResolvedContainer[]
  /**
   * Set instead of `resolved` when the server could not resolve them: the agent stops the task
   * with this stoppedReason (`ResourceInitializationError: ...`) before pulling anything.
   */
  initError?: string
  /**
   * The task role's credentials (`overrides.taskRoleArn`, else the definition's `taskRoleArn`),
   * as the operator maps that role in the server's task roles file (core/task-roles.ts):
   * the agent answers them at 169.254.170.2/v2/credentials/<id> to the task's containers.
   * Absent for a task without a role. The channel is authenticated (join token and instance
   * secret), and only the instance running the task hears them.
   */
  taskRole?: TaskRoleCredentials
}

/** What the agent serves for a task role (the ECS agent's `IAMRoleCredentials`). */
export interface TaskRoleCredentials {
  roleArn: string
  accessKeyId: string
  secretAccessKey: string
  /** Absent for long-term keys: the agent then answers `Token: ""`. */
  sessionToken?: string
}
