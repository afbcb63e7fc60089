import type { DesiredTask } from '../../core/agent-protocol.js'
import type { ContainerDefinition } from '../../core/aws-model/ecs.types.js'
import { parseTaskCpu, parseTaskMemory } from '../../core/model/task-size.js'
import type { ContainerObservation } from '../runtime/index.js'

/**
 * The task metadata endpoint's answers (v3 and v4), in the shapes AWS documents ("Amazon ECS
 * task metadata V4 JSON response", and v3's), built from what the agent knows of a task:
 * the desired task the server sent, the engine's known status, and Docker's inspection of each
 * container. Pure: endpoint-handler.ts gathers the facts.
 */
export interface TaskFacts {
  task: DesiredTask
  /** The task's known status as the agent reports it (PENDING, RUNNING, STOPPED, ...). */
  knownStatus: string
  pullStartedAt?: number | undefined
  pullStoppedAt?: number | undefined
  availabilityZone: string
  /** The task's containers in definition order (the holder is never one of them). */
  containers: ContainerFacts[]
  /** awsvpc: the namespace holder, whose address is the task's. */
  holder?: ContainerObservation | undefined
}

export interface ContainerFacts {
  name: string
  containerArn: string
  definition: ContainerDefinition
  /** Absent until the container is created on the engine. */
  observation?: ContainerObservation | undefined
}

export type Version = 'v3' | 'v4'
type Json = Record<string, unknown>

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString())

/** The container's status as the ECS agent names them, from what Docker says of it. */
export function containerKnownStatus(o: ContainerObservation | undefined): string {
  if (!o) return 'NONE'
  if (o.state === 'created') return 'CREATED'
  if (o.state === 'exited' || o.state === 'dead') return 'STOPPED'
  return 'RUNNING'
}

/** `${ECS_CONTAINER_METADATA_URI_V4}` (and v3's): one container. */
export function containerMetadata(facts: TaskFacts, c: ContainerFacts, version: Version): Json {
  const { task } = facts
  const over = task.overrides.containerOverrides?.find((o) => o.name === c.name)
  const o = c.observation
  const cpu = over?.cpu ?? c.definition.cpu ?? 0
  const memory = over?.memory ?? c.definition.memory
  const log = c.definition.logConfiguration
  return compact({
    DockerId: o?.id ?? '',
    Name: c.name,
    DockerName: o?.name ?? '',
    Image: c.definition.image ?? '',
    ImageID: o?.imageId ?? '',
    Ports: version === 'v4' && o?.ports.length ? o.ports.map((p) => ({ ContainerPort: p.containerPort, Protocol: p.protocol, HostPort: p.hostPort, HostIp: p.hostIp })) : undefined,
    // The ECS labels and the definition's dockerLabels; Berth's own (com.berth.*) are bookkeeping.
    Labels: Object.fromEntries(Object.entries(o?.labels ?? {}).filter(([k]) => !k.startsWith('com.berth.'))),
    DesiredStatus: task.desiredStatus,
    KnownStatus: containerKnownStatus(o),
    ExitCode: o?.exitCode,
    Limits: compact({ CPU: cpu, Memory: memory }),
    CreatedAt: iso(o?.createdAt),
    StartedAt: iso(o?.startedAt),
    FinishedAt: o && containerKnownStatus(o) === 'STOPPED' ? iso(o.finishedAt) : undefined,
    Type: 'NORMAL',
    ...(version === 'v4'
      ? {
          LogDriver: log?.logDriver,
          LogOptions: log?.options ? { ...log.options } : undefined,
          ContainerARN: c.containerArn,
        }
      : {}),
    Networks: networksOf(facts, o, version),
  })
}

/** `${ECS_CONTAINER_METADATA_URI_V4}/task` (and v3's): the task and all its containers. */
export function taskMetadata(facts: TaskFacts, version: Version): Json {
  const { task } = facts
  const td = task.taskDefinition
  const cpu = task.overrides.cpu ?? td.cpu
  const memory = task.overrides.memory ?? td.memory
  const cpuUnits = cpu !== undefined ? parseTaskCpu(cpu) : undefined
  const memoryMiB = memory !== undefined ? parseTaskMemory(memory) : undefined
  const limits = compact({ CPU: cpuUnits !== undefined ? cpuUnits / 1024 : undefined, Memory: memoryMiB })
  return compact({
    Cluster: task.clusterName,
    TaskARN: task.taskArn,
    Family: td.family ?? '',
    Revision: String(td.revision ?? 0),
    DesiredStatus: task.desiredStatus,
    KnownStatus: facts.knownStatus,
    Containers: facts.containers.map((c) => containerMetadata(facts, c, version)),
    // "This parameter is omitted if no resource limits are defined."
    Limits: Object.keys(limits).length ? limits : undefined,
    PullStartedAt: iso(facts.pullStartedAt),
    PullStoppedAt: iso(facts.pullStoppedAt),
    AvailabilityZone: facts.availabilityZone,
    ...(version === 'v4' ? { LaunchType: task.launchType ?? 'EC2' } : {}),
  })
}

/**
 * The container's networks. awsvpc: the holder's address (the task's own); bridge: the
 * container's; host and none: the mode alone. v4 adds AttachmentIndex for awsvpc, as on ECS.
 */
function networksOf(facts: TaskFacts, o: ContainerObservation | undefined, version: Version): Json[] | undefined {
  const mode = facts.task.taskDefinition.networkMode ?? 'bridge'
  if (mode === 'none') return [{ NetworkMode: 'none' }]
  if (mode === 'host') return [{ NetworkMode: 'host' }]
  const address = mode === 'awsvpc' ? facts.holder?.ipAddress : o?.ipAddress
  return [compact({ NetworkMode: mode, IPv4Addresses: address ? [address] : undefined, ...(mode === 'awsvpc' && version === 'v4' ? { AttachmentIndex: 0 } : {}) })]
}

/** The object without its undefined members: ECS leaves out what it does not know. */
function compact(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))
}
