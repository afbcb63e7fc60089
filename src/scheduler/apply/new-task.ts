import type { NetworkConfiguration, TaskDefinition, TaskOverride } from '../../core/aws-model/ecs.types.js'
import { newResourceId, newUuid } from '../../core/ids.js'
import type { ClusterRecord } from '../../core/model/cluster.js'
import { effectiveContainers } from '../../core/model/task-demand.js'
import type { TaskRecord, TaskReservation } from '../../core/model/task.js'
import type { ApplyDeps } from './deps.js'

export interface NewTaskInput {
  cluster: ClusterRecord
  taskDefinition: TaskDefinition
  /** Undefined: it waits in PROVISIONING for capacity (placeTasks with waitForCapacity). */
  containerInstanceArn: string | undefined
  availabilityZone: string | undefined
  overrides: TaskOverride
  reservation: TaskReservation
  group: string
  startedBy: string | undefined
  enableExecuteCommand: boolean
  /** awsvpc: the network configuration the caller gave (RunTask, StartTask, the service deployment), stored as given. */
  networkConfiguration?: NetworkConfiguration | undefined
  /** On the Fargate pool: the task records FARGATE, its platform version and provider. */
  fargate?: FargateLaunch
}

/** A freshly placed task: desired RUNNING, PROVISIONING until its agent reports on it. */
export function newTask(input: NewTaskInput, deps: ApplyDeps): TaskRecord {
  const td = input.taskDefinition
  const id = newResourceId()
  const taskCpu = input.overrides.cpu ?? td.cpu
  const taskMemory = input.overrides.memory ?? td.memory
  return {
    arn: deps.arns.task(input.cluster.name, id),
    id,
    clusterArn: input.cluster.arn,
    ...(input.containerInstanceArn !== undefined ? { containerInstanceArn: input.containerInstanceArn } : {}),
    taskDefinitionArn: td.taskDefinitionArn!,
    family: td.family!,
    revision: td.revision!,
    group: input.group,
    ...(input.startedBy !== undefined ? { startedBy: input.startedBy } : {}),
    overrides: input.overrides,
    ...(taskCpu !== undefined ? { cpu: taskCpu } : {}),
    ...(taskMemory !== undefined ? { memory: taskMemory } : {}),
    reservation: input.reservation,
    ...(input.availabilityZone !== undefined ? { availabilityZone: input.availabilityZone } : {}),
    enableExecuteCommand: input.enableExecuteCommand,
    ...(td.networkMode === 'awsvpc' ? { networkMode: 'awsvpc' as const } : {}),
    ...(td.networkMode === 'awsvpc' && input.networkConfiguration ? { networkConfiguration: structuredClone(input.networkConfiguration) } : {}),
    ...(input.fargate
      ? {
          launchType: 'FARGATE' as const,
          platformVersion: input.fargate.platformVersion,
          ...(input.fargate.capacityProviderName !== undefined ? { capacityProviderName: input.fargate.capacityProviderName } : {}),
        }
      : {}),
    desiredStatus: 'RUNNING',
    lastStatus: 'PROVISIONING',
    healthStatus: 'UNKNOWN',
    connectivity: 'CONNECTED',
    containers: effectiveContainers(td, input.overrides).map((c) => ({
      name: c.name!,
      containerArn: deps.arns.container(input.cluster.name, id, newUuid()),
      image: c.image!,
      essential: c.essential ?? true,
      ...(c.cpu !== undefined ? { cpu: c.cpu } : {}),
      ...(c.memory !== undefined ? { memory: c.memory } : {}),
      ...(c.memoryReservation !== undefined ? { memoryReservation: c.memoryReservation } : {}),
      lastStatus: 'PENDING',
      networkBindings: [],
    })),
    createdAt: deps.clock.now(),
    version: 1,
  }
}

/** Where a Fargate task runs and what it records about it. */
export interface FargateLaunch {
  /** The pool's cluster: its hosts are the candidates (core/model/fargate.ts). */
  pool: ClusterRecord
  /** The platform version the task runs on (resolved: 1.4.0). */
  platformVersion: string
  /** FARGATE or FARGATE_SPOT when a capacity provider strategy chose it; absent for launchType FARGATE. */
  capacityProviderName?: string
}
