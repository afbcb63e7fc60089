import type {
  ContainerDefinition,
  NetworkMode,
  PortMapping,
  RegisterTaskDefinitionRequest,
  TaskDefinition,
  Volume,
} from '../../../core/aws-model/ecs.types.js'
import { toEpochSeconds } from '../../../core/clock.js'
import { compatibilitiesOf } from '../../../core/model/compatibilities.js'
import { requiredAttributes } from '../../../core/model/required-attributes.js'
import { parseTaskCpu, parseTaskMemory } from '../../../core/model/task-size.js'
import { pruneToModel } from './prune-to-model.js'

export interface BuildContext {
  revision: number
  arn: string
  /** Epoch milliseconds. */
  now: number
  accountId: string
}

/**
 * The task definition ECS saves for a checked request: everything given, with the defaults
 * ECS fills in its answers, the size strings in canonical units, and what ECS derives
 * (compatibilities, requiresAttributes, who and when). Pure; members come out in the
 * model's order, as ECS lists them.
 */
export function buildTaskDefinition(req: RegisterTaskDefinitionRequest, ctx: BuildContext): TaskDefinition {
  const networkMode = req.networkMode ?? 'bridge'
  const td: TaskDefinition = {
    taskDefinitionArn: ctx.arn,
    containerDefinitions: req.containerDefinitions.map((c) => withContainerDefaults(c, networkMode)),
    family: req.family,
    ...pick(req, 'taskRoleArn', 'executionRoleArn', 'networkMode'),
    revision: ctx.revision,
    volumes: (req.volumes ?? []).map(withVolumeDefaults),
    status: 'ACTIVE',
    placementConstraints: req.placementConstraints ?? [],
    ...pick(req, 'runtimePlatform', 'requiresCompatibilities'),
    ...(req.cpu !== undefined ? { cpu: String(parseTaskCpu(req.cpu)) } : {}),
    ...(req.memory !== undefined ? { memory: String(parseTaskMemory(req.memory)) } : {}),
    ...pick(req, 'inferenceAccelerators', 'pidMode', 'ipcMode', 'proxyConfiguration'),
    registeredAt: toEpochSeconds(ctx.now),
    registeredBy: `arn:aws:iam::${ctx.accountId}:root`,
    ...pick(req, 'ephemeralStorage', 'enableFaultInjection'),
  }
  td.requiresAttributes = requiredAttributes(td)
  td.compatibilities = compatibilitiesOf(td)
  return pruneToModel('TaskDefinition', td)
}

/** ECS's answer always lists these, empty or not, and counts a container essential unless told otherwise. */
function withContainerDefaults(c: ContainerDefinition, networkMode: NetworkMode): ContainerDefinition {
  return pruneToModel('ContainerDefinition', {
    cpu: 0,
    essential: true,
    environment: [],
    mountPoints: [],
    volumesFrom: [],
    ...c,
    portMappings: (c.portMappings ?? []).map((p) => withPortDefaults(p, networkMode)),
  })
}

/**
 * Protocol defaults to tcp. With awsvpc or host networking the host port is the container
 * port, and ECS writes it in when it was left out or 0; in bridge mode it stays as given
 * (absent or 0 = a dynamic host port chosen at placement).
 */
function withPortDefaults(p: PortMapping, networkMode: NetworkMode): PortMapping {
  const shared = networkMode === 'awsvpc' || networkMode === 'host'
  const hostPort = shared && !p.hostPort && p.containerPort !== undefined ? p.containerPort : p.hostPort
  return { ...p, ...(hostPort !== undefined ? { hostPort } : {}), protocol: p.protocol ?? 'tcp' }
}

/**
 * An EFS volume without rootDirectory mounts the file system's root, and ECS answers with
 * `rootDirectory: "/"` written in (what clients that diff a registered definition against
 * their own, e.g. Terraform's state, see; AWS documents "/" as the same as omitting it).
 */
function withVolumeDefaults(v: Volume): Volume {
  const efs = v.efsVolumeConfiguration
  if (!efs || efs.rootDirectory !== undefined) return v
  return { ...v, efsVolumeConfiguration: { ...efs, rootDirectory: '/' } }
}

/** The members of `source` that are set, under the same names. */
function pick<T extends object, K extends keyof T>(source: T, ...keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {}
  for (const k of keys) if (source[k] !== undefined) out[k] = source[k]
  return out
}
