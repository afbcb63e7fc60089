import type { NetworkConfiguration, PlacementConstraint, PlacementStrategy, TaskDefinition, TaskOverride } from '../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../core/errors.js'
import { FARGATE_PLATFORM_VERSION, FARGATE_PLATFORM_VERSIONS } from '../../core/model/fargate.js'
import { isFargateSize, parseTaskCpu, parseTaskMemory } from '../../core/model/task-size.js'

/** What a request to launch on Fargate carries besides the task definition (RunTask, CreateService, UpdateService). */
export interface FargateLaunchRequest {
  platformVersion?: string | undefined
  networkConfiguration?: NetworkConfiguration | undefined
  placementConstraints?: readonly PlacementConstraint[] | undefined
  placementStrategy?: readonly PlacementStrategy[] | undefined
}

/** ECS's messages, as clients report them from ECS (cited in the folder's README). */
export const FARGATE_MESSAGES = {
  incompatible: 'Task definition does not support launch_type FARGATE.',
  constraints: 'Placement constraints are not supported with FARGATE launch type.',
  strategies: 'Placement strategies are not supported with FARGATE launch type.',
  networkRequired: "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
  ec2PlatformVersion: 'The platform version must be null when specifying an EC2 launch type.',
  size: (cpu: string, memory: string) =>
    `No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. See the Amazon ECS documentation for the valid values.`,
} as const

/**
 * Berth's own refusals: what Fargate offers that this pool cannot give, said plainly. The
 * pool's containers write to the Docker host's disk, which Docker cannot cap per container on
 * the usual overlay2 file system, so a size asked for would be a promise not kept.
 */
export const FARGATE_REFUSALS = {
  ephemeralStorage: (gib: number) =>
    `Berth's Fargate pool cannot reserve ${gib} GiB of ephemeral storage: its tasks write to the Docker host's disk, whose size per task Berth does not limit or guarantee. Leave ephemeralStorage out (the default, 20 GiB, is what DescribeTasks shows).`,
  operatingSystem: (family: string) =>
    `Berth's Fargate pool runs Linux containers on this host's Docker Engine; runtimePlatform.operatingSystemFamily ${family} is not available (use LINUX).`,
  architecture: (arch: string, host: string) =>
    `Berth's Fargate pool runs on this host's ${host} CPUs; runtimePlatform.cpuArchitecture ${arch} is not available (use ${host}).`,
} as const

/**
 * Whether a task may launch on Fargate, checked before anything is read or written beyond the
 * task definition, in the order ECS reports them: the definition's compatibility, the
 * platform version, placement, the network configuration, then what the task itself asks
 * for (size, storage, platform). Returns the platform version it runs on. Pure.
 *
 * `hostArchitecture` is the runtimePlatform value of this host's CPUs (X86_64 or ARM64).
 */
export function checkFargateLaunch(
  td: TaskDefinition,
  overrides: TaskOverride,
  request: FargateLaunchRequest,
  hostArchitecture: 'X86_64' | 'ARM64' = 'X86_64',
): { platformVersion: string } {
  if (!(td.compatibilities ?? []).includes('FARGATE')) throw EcsErrors.invalidParameter(FARGATE_MESSAGES.incompatible)
  if (request.platformVersion !== undefined && !FARGATE_PLATFORM_VERSIONS.includes(request.platformVersion)) throw EcsErrors.platformUnknown()
  if ((request.placementConstraints ?? []).length > 0) throw EcsErrors.invalidParameter(FARGATE_MESSAGES.constraints)
  if ((request.placementStrategy ?? []).length > 0) throw EcsErrors.invalidParameter(FARGATE_MESSAGES.strategies)
  if (request.networkConfiguration?.awsvpcConfiguration === undefined) throw EcsErrors.invalidParameter(FARGATE_MESSAGES.networkRequired)
  const cpu = overrides.cpu ?? td.cpu ?? ''
  const memory = overrides.memory ?? td.memory ?? ''
  const cpuUnits = parseTaskCpu(cpu)
  const memoryMib = parseTaskMemory(memory)
  if (cpuUnits === undefined || memoryMib === undefined || !isFargateSize(cpuUnits, memoryMib)) {
    throw EcsErrors.invalidParameter(FARGATE_MESSAGES.size(cpu, memory))
  }
  const storage = overrides.ephemeralStorage?.sizeInGiB ?? td.ephemeralStorage?.sizeInGiB
  if (storage !== undefined) throw EcsErrors.invalidParameter(FARGATE_REFUSALS.ephemeralStorage(storage))
  const os = td.runtimePlatform?.operatingSystemFamily
  if (os !== undefined && os !== 'LINUX') throw EcsErrors.invalidParameter(FARGATE_REFUSALS.operatingSystem(os))
  const arch = td.runtimePlatform?.cpuArchitecture
  if (arch !== undefined && arch !== hostArchitecture) throw EcsErrors.invalidParameter(FARGATE_REFUSALS.architecture(arch, hostArchitecture))
  return { platformVersion: FARGATE_PLATFORM_VERSION }
}

/** An EC2 launch takes no platform version (ECS's message). */
export function checkEc2Launch(request: Pick<FargateLaunchRequest, 'platformVersion'>): void {
  if (request.platformVersion !== undefined) throw EcsErrors.invalidParameter(FARGATE_MESSAGES.ec2PlatformVersion)
}

/** The runtimePlatform name of the CPUs this process runs on. */
export const hostCpuArchitecture = (): 'X86_64' | 'ARM64' => (process.arch === 'arm64' ? 'ARM64' : 'X86_64')
