import type { ContainerCondition, LogConfiguration, NetworkBinding, NetworkMode as EcsNetworkMode } from '../../core/aws-model/ecs.types.js'
import type { ContainerSpec, RegistryAuth, VolumeSpec } from '../runtime/spec.js'
import type { EfsSettings } from './efs-volume.js'
import type { HostAccessLimits } from './host-access.js'
import type { TaskIdentity } from './labels.js'
import type { RestartPolicyPlan } from './restart-policy.js'

/**
 * What one DesiredTask becomes on this instance (task-plan.ts computes it, purely): a spec per
 * container, the order constraints between them, and the volumes to make first.
 */
export interface TaskPlan {
  identity: TaskIdentity
  networkMode: EcsNetworkMode
  /** The network holder first (when the task has one), then the definition's containers in order. */
  containers: ContainerPlan[]
  volumes: VolumePlan[]
}

export interface ContainerPlan {
  /** The name in the task definition (`~internal~ecs~pause` for the holder). */
  name: string
  /** The holder: never reported, its image built locally rather than pulled. */
  internal: boolean
  essential: boolean
  spec: ContainerSpec
  /** `dependsOn`, as the definition gives it. */
  dependsOn: { containerName: string; condition: ContainerCondition }[]
  /** Must exist before this one is created: links, volumesFrom sources, the holder. */
  needsCreated: string[]
  /** Must be running before this one starts: links, the holder. */
  needsRunning: string[]
  startTimeoutMs?: number
  /** Between the stop signal and SIGKILL: the container's stopTimeout, else the agent's default. */
  stopTimeoutMs: number
  logConfiguration?: LogConfiguration
  /** An enabled `restartPolicy`: an exit is restarted in place when it allows (restart-policy.ts). */
  restartPolicy?: RestartPolicyPlan
  /** Host networking publishes nothing to observe: these are its bindings, from the definition. */
  staticBindings?: NetworkBinding[]
  /** `repositoryCredentials`, resolved by the server: Docker's pull gets them as X-Registry-Auth. */
  registryAuth?: RegistryAuth
  /** The awsvpc holder: its address on Docker's network is the task's interface (TaskReport.networkInterface). */
  holdsTaskNetwork?: boolean
}

/**
 * A Docker volume the task needs:
 * - `task`: made before the task's containers and removed after them (task-scoped
 *   `dockerVolumeConfiguration`, and ECS "empty" volumes with neither host nor Docker config);
 * - `shared-autoprovision`: made when missing, never removed;
 * - `shared-existing`: must already exist (shared, autoprovision false), else the task fails.
 */
export interface VolumePlan {
  lifecycle: 'task' | 'shared-autoprovision' | 'shared-existing'
  spec: VolumeSpec
}

export type PlanResult = { ok: true; plan: TaskPlan } | { ok: false; reason: string }

/** The engine's settings that reach container specs. */
export interface PlanSettings {
  containerInstanceArn: string
  /** Where host ports are published; networkBindings[].bindIP. */
  bindIp: string
  allowPrivileged: boolean
  defaultStopTimeoutMs: number
  /** What else task definitions may not reach on this host (host paths, Docker socket, host network, capabilities). */
  hostAccess?: HostAccessLimits | undefined
  /** Where EFS file systems are on this instance (efs-volume.ts); none: EFS volumes fail their task. */
  efs?: EfsSettings | undefined
  /**
   * The instance serves the task endpoints (agent/endpoints): every container gets
   * ECS_CONTAINER_METADATA_URI(_V4), and a task with a role AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
   * with the id this gives. Absent (BERTH_TASK_ENDPOINT=off, engine tests): no variables, and a
   * task with a role cannot start.
   */
  taskEndpoint?: { credentialsIdOf(taskArn: string): string } | undefined
}
