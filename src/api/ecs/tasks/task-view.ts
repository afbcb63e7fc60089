import type { Container, NetworkInterface, Task } from '../../../core/aws-model/ecs.types.js'
import { toEpochSeconds } from '../../../core/clock.js'
import { isDeactivating, shownDesiredStatus, type TaskRecord } from '../../../core/model/task.js'
import { toWireTags, type TagRecord } from '../../../core/model/tag.js'
import { viewContainerNetworkInterfaces, viewTaskAttachments } from './eni-attachment-view.js'
import { FARGATE_DEFAULT_EPHEMERAL_GIB, FARGATE_PLATFORM_FAMILY } from '../../../core/model/fargate.js'

/**
 * A stored task as ECS describes it: times in epoch seconds, absent fields left out. A Fargate
 * task shows no container instance (its host is the pool's, which no API shows), its
 * platform version and family, and the ephemeral storage every such task gets.
 */
export function viewTask(t: TaskRecord, tags?: readonly TagRecord[]): Task {
  const deactivating = isDeactivating(t)
  const fargate = t.launchType === 'FARGATE'
  return {
    ...timestamps(t),
    attachments: viewTaskAttachments(t),
    attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }],
    ...(t.availabilityZone ? { availabilityZone: t.availabilityZone } : {}),
    ...(t.capacityProviderName !== undefined ? { capacityProviderName: t.capacityProviderName } : {}),
    clusterArn: t.clusterArn,
    connectivity: t.connectivity,
    ...(fargate ? {} : { containerInstanceArn: t.containerInstanceArn }),
    containers: t.containers.map((c) => viewContainer(t, c, viewContainerNetworkInterfaces(t))),
    ...(t.cpu !== undefined ? { cpu: t.cpu } : {}),
    desiredStatus: shownDesiredStatus(t),
    enableExecuteCommand: t.enableExecuteCommand,
    ...(fargate ? { ephemeralStorage: { sizeInGiB: FARGATE_DEFAULT_EPHEMERAL_GIB } } : {}),
    group: t.group,
    healthStatus: t.healthStatus,
    lastStatus: deactivating ? 'DEACTIVATING' : t.lastStatus,
    launchType: t.launchType ?? 'EC2',
    ...(t.memory !== undefined ? { memory: t.memory } : {}),
    overrides: { containerOverrides: [], inferenceAcceleratorOverrides: [], ...t.overrides },
    ...(fargate ? { platformFamily: FARGATE_PLATFORM_FAMILY, platformVersion: t.platformVersion ?? '1.4.0' } : {}),
    ...(t.startedBy !== undefined ? { startedBy: t.startedBy } : {}),
    ...(t.stopCode !== undefined ? { stopCode: t.stopCode } : {}),
    ...(t.stoppedReason !== undefined ? { stoppedReason: t.stoppedReason } : {}),
    tags: tags ? toWireTags(tags) : [],
    taskArn: t.arn,
    taskDefinitionArn: t.taskDefinitionArn,
    version: t.version,
  }
}

const TIMESTAMPS = [
  'connectivityAt',
  'createdAt',
  'executionStoppedAt',
  'pullStartedAt',
  'pullStoppedAt',
  'startedAt',
  'stoppedAt',
  'stoppingAt',
] as const satisfies readonly (keyof Task & keyof TaskRecord)[]

/** The task's times that are set, in the epoch seconds ECS puts on the wire. */
function timestamps(t: TaskRecord): Partial<Record<(typeof TIMESTAMPS)[number], number>> {
  const out: Partial<Record<(typeof TIMESTAMPS)[number], number>> = {}
  for (const name of TIMESTAMPS) {
    const ms = t[name]
    if (ms !== undefined) out[name] = toEpochSeconds(ms)
  }
  return out
}

function viewContainer(t: TaskRecord, c: TaskRecord['containers'][number], networkInterfaces: NetworkInterface[]): Container {
  return {
    containerArn: c.containerArn,
    taskArn: t.arn,
    name: c.name,
    image: c.image,
    ...(c.imageDigest !== undefined ? { imageDigest: c.imageDigest } : {}),
    ...(c.runtimeId !== undefined ? { runtimeId: c.runtimeId } : {}),
    lastStatus: c.lastStatus,
    ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
    ...(c.reason !== undefined ? { reason: c.reason } : {}),
    networkBindings: c.networkBindings,
    networkInterfaces,
    healthStatus: c.healthStatus ?? 'UNKNOWN',
    ...(c.cpu !== undefined ? { cpu: String(c.cpu) } : { cpu: '0' }),
    ...(c.memory !== undefined ? { memory: String(c.memory) } : {}),
    ...(c.memoryReservation !== undefined ? { memoryReservation: String(c.memoryReservation) } : {}),
  }
}
