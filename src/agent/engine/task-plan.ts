import type { DesiredTask } from '../../core/agent-protocol.js'
import type { ContainerDefinition, NetworkMode as EcsNetworkMode, TaskDefinition } from '../../core/aws-model/ecs.types.js'
import { parseTaskMemory } from '../../core/model/task-size.js'
import type { ContainerSpec, MountSpec } from '../runtime/spec.js'
import { baseSpec, bridgePorts, dropUndefined, portsOf } from './container-spec.js'
import { ecsTaskEnv, taskEndpointEnv } from '../endpoints/ids.js'
import { hostAccessRefusal } from './host-access.js'
import { HOLDER_NAME, identityLabels, taskIdOf, taskVolumeName, type TaskIdentity } from './labels.js'
import { PAUSE_IMAGE } from './pause-image.js'
import type { ContainerPlan, PlanResult, PlanSettings, TaskPlan, VolumePlan } from './plan.js'
import { restartPolicyPlan } from './restart-policy.js'
import { planEfsVolume } from './efs-volume.js'
import { withResolvedEnvironment } from './resolved-environment.js'
import { registryOf } from '../runtime/image-ref.js'

/** How long the holder gets between SIGTERM and SIGKILL: it exits on SIGTERM at once. */
const HOLDER_STOP_TIMEOUT_MS = 2_000

/** Why a task cannot be run here; the text becomes the container's reason and the task's stoppedReason. */
class PlanError extends Error {}
const refuse = (detail: string): never => {
  throw new PlanError(`CannotCreateContainerError: ${detail}`)
}
/** A reason that carries its own ECS error type (`ResourceInitializationError: ...`). */
const refuseAs = (reason: string): never => {
  throw new PlanError(reason)
}

type VolumeSource = { kind: 'bind' | 'volume'; source: string } | { kind: 'unsupported'; why: string } | { kind: 'refused'; reason: string }

/**
 * A DesiredTask (its definition plus RunTask overrides) → one ContainerSpec per container, the
 * order between them, and the volumes to make (pure). `nameOf` gives each container's name on
 * the engine (the task manager keeps them, so links and volumesFrom can name siblings).
 *
 * Network modes:
 * - bridge (the default): ports on `bindIp`, hostPort 0 or absent = a dynamic port; links work;
 * - host / none: Docker's own; host networking publishes nothing (bindings come from the definition);
 * - awsvpc: no ENIs here, but a network namespace of the task's own, held by a holder
 *   container (`~internal~ecs~pause`, image berth/pause) that starts first on Docker's bridge
 *   network; the task's containers join it (`container:<holder>`) and share localhost. The
 *   holder's address on that network is the task's own (reported as its interface; the host
 *   reaches it directly), so nothing is published on the host, as on ECS, and two tasks of one
 *   definition serve the same port on one instance. Docker refuses hostname, DNS and extra
 *   hosts on a container that joins another's network, so the holder carries them.
 * pidMode/ipcMode `task` share the holder's namespaces too.
 */
export function planTask(task: DesiredTask, settings: PlanSettings, nameOf: (containerName: string) => string): PlanResult {
  try {
    return { ok: true, plan: buildPlan(task, settings, nameOf) }
  } catch (e) {
    if (e instanceof PlanError) return { ok: false, reason: e.message }
    throw e
  }
}

function buildPlan(task: DesiredTask, settings: PlanSettings, nameOf: (containerName: string) => string): TaskPlan {
  // The server could not resolve its secrets, environment files or registry credentials.
  if (task.initError !== undefined) refuseAs(task.initError)
  const td = task.taskDefinition
  const limited = settings.hostAccess && hostAccessRefusal(td, settings.hostAccess)
  if (limited) refuse(limited)
  if (task.taskRole && !settings.taskEndpoint) {
    refuse(`the task has a task role (${task.taskRole.roleArn}), but this container instance serves no task credentials endpoint (BERTH_TASK_ENDPOINT=off)`)
  }
  const identity: TaskIdentity = {
    taskArn: task.taskArn,
    cluster: task.clusterName,
    family: td.family ?? 'task',
    revision: td.revision ?? 0,
    containerInstanceArn: settings.containerInstanceArn,
  }
  const networkMode: EcsNetworkMode = td.networkMode ?? 'bridge'
  const holder = networkMode === 'awsvpc' || td.pidMode === 'task' || td.ipcMode === 'task' ? nameOf(HOLDER_NAME) : undefined
  const { sources, volumes } = planVolumes(td, identity, settings)
  const memory = task.overrides.memory ?? td.memory
  const taskMemoryMiB = memory !== undefined ? parseTaskMemory(memory) : undefined
  const defs = td.containerDefinitions ?? []
  const siblings = new Set(defs.map((d) => d.name ?? ''))
  const containers = defs.map((def) => planContainer(def, { task, settings, identity, networkMode, holder, sources, siblings, taskMemoryMiB, nameOf }))
  if (holder) containers.unshift(planHolder(td, { settings, identity, networkMode, holder }))
  return { identity, networkMode, containers, volumes }
}

interface ContainerContext {
  task: DesiredTask
  settings: PlanSettings
  identity: TaskIdentity
  networkMode: EcsNetworkMode
  holder: string | undefined
  sources: Map<string, VolumeSource>
  siblings: Set<string>
  taskMemoryMiB: number | undefined
  nameOf: (containerName: string) => string
}

function planContainer(def: ContainerDefinition, ctx: ContainerContext): ContainerPlan {
  const name = def.name ?? refuse('a container definition has no name')
  const over = ctx.task.overrides.containerOverrides?.find((o) => o.name === name)
  if (def.privileged && !ctx.settings.allowPrivileged) {
    refuse(`container '${name}' asks for privileged mode, which this container instance does not allow (BERTH_ALLOW_PRIVILEGED=false)`)
  }
  const essential = def.essential ?? true
  const spec: ContainerSpec = {
    ...baseSpec(def, over, ctx.taskMemoryMiB),
    name: ctx.nameOf(name),
    labels: { ...def.dockerLabels, ...identityLabels(ctx.identity, name, essential) },
  }
  const resolved = ctx.task.resolved?.find((r) => r.name === name)
  const env = withResolvedEnvironment(spec.env, resolved)
  if (env) spec.env = env
  spec.env = { ...ecsTaskEnv(ctx.task.taskArn, ctx.task.launchType), ...spec.env }
  const endpointEnv = taskEndpointEnvOf(ctx.task, name, ctx.settings)
  if (endpointEnv) spec.env = { ...spec.env, ...endpointEnv }
  const stopTimeoutMs = def.stopTimeout !== undefined ? def.stopTimeout * 1000 : ctx.settings.defaultStopTimeoutMs
  spec.stopTimeoutSeconds = Math.ceil(stopTimeoutMs / 1000)
  const needsCreated: string[] = []
  const needsRunning: string[] = []
  const sibling = (other: string, what: string) => (ctx.siblings.has(other) ? ctx.nameOf(other) : refuse(`container '${name}' ${what} '${other}', which is not in the task`))

  const mounts = (def.mountPoints ?? []).map((mp): MountSpec => {
    const source = ctx.sources.get(mp.sourceVolume ?? '') ?? refuse(`container '${name}' mounts volume '${mp.sourceVolume}', which the task definition does not define`)
    if (source.kind === 'unsupported') return refuse(`volume '${mp.sourceVolume}': ${source.why}`)
    if (source.kind === 'refused') return refuseAs(source.reason)
    return dropUndefined({ kind: source.kind, source: source.source, target: mp.containerPath ?? '', readOnly: mp.readOnly }) as MountSpec
  })
  if (mounts.length) spec.mounts = mounts
  if (def.volumesFrom?.length) {
    spec.volumesFrom = def.volumesFrom.map((v) => dropUndefined({ container: sibling(v.sourceContainer ?? '', 'takes volumes from'), readOnly: v.readOnly }) as { container: string })
    needsCreated.push(...def.volumesFrom.map((v) => v.sourceContainer ?? ''))
  }
  for (const dep of def.dependsOn ?? []) sibling(dep.containerName, 'depends on')

  const plan: ContainerPlan = {
    name,
    internal: false,
    essential,
    spec,
    dependsOn: (def.dependsOn ?? []).map((d) => ({ containerName: d.containerName, condition: d.condition })),
    needsCreated,
    needsRunning,
    stopTimeoutMs,
    ...(def.startTimeout !== undefined ? { startTimeoutMs: def.startTimeout * 1000 } : {}),
    ...(def.logConfiguration ? { logConfiguration: def.logConfiguration } : {}),
  }
  if (resolved?.registryAuth) plan.registryAuth = { ...resolved.registryAuth, serverAddress: registryOf(spec.image) }
  const restartPolicy = restartPolicyPlan(def.restartPolicy)
  if (restartPolicy) plan.restartPolicy = restartPolicy
  applyNetwork(def, plan, ctx, sibling)
  applyNamespaces(plan, ctx)
  return plan
}

/** The task endpoints' variables (agent/endpoints/ids.ts), which win over the definition's own: ECS sets them. */
function taskEndpointEnvOf(task: DesiredTask, name: string, settings: PlanSettings): Record<string, string> | undefined {
  const containerArn = task.containers.find((c) => c.name === name)?.containerArn
  if (!settings.taskEndpoint || !containerArn) return undefined
  return taskEndpointEnv(containerArn, task.taskRole ? settings.taskEndpoint.credentialsIdOf(task.taskArn) : undefined)
}

function applyNetwork(def: ContainerDefinition, plan: ContainerPlan, ctx: ContainerContext, sibling: (n: string, what: string) => string): void {
  const spec = plan.spec
  if (def.links?.length) {
    if (ctx.networkMode !== 'bridge') refuse(`container '${plan.name}' has links, which only the bridge network mode supports`)
    spec.links = def.links.map((l) => {
      const [target = '', alias] = l.split(':')
      return { container: sibling(target, 'links to'), alias: alias ?? target }
    })
    for (const l of def.links) {
      const target = l.split(':')[0] ?? ''
      plan.needsCreated.push(target)
      plan.needsRunning.push(target)
    }
  }
  switch (ctx.networkMode) {
    case 'bridge': {
      spec.networkMode = 'bridge'
      const ports = bridgePorts(def, ctx.settings.bindIp)
      if (ports.length) spec.ports = ports
      return
    }
    case 'host': {
      spec.networkMode = 'host'
      const ports = portsOf(def)
      if (ports.length) plan.staticBindings = ports.map((p) => ({ bindIP: '0.0.0.0', containerPort: p.containerPort, hostPort: p.containerPort, protocol: p.protocol }))
      return
    }
    case 'none':
      spec.networkMode = 'none'
      return
    case 'awsvpc': {
      spec.networkMode = `container:${ctx.holder}`
      // The holder carries these: Docker refuses them on a container that joins another's network.
      for (const k of ['hostname', 'dnsServers', 'dnsSearchDomains', 'extraHosts'] as const) delete spec[k]
      if (spec.sysctls) {
        spec.sysctls = Object.fromEntries(Object.entries(spec.sysctls).filter(([k]) => !k.startsWith('net.')))
        if (Object.keys(spec.sysctls).length === 0) delete spec.sysctls
      }
      plan.needsCreated.push(HOLDER_NAME)
      plan.needsRunning.push(HOLDER_NAME)
    }
  }
}

function applyNamespaces(plan: ContainerPlan, ctx: ContainerContext): void {
  const td = ctx.task.taskDefinition
  const joined = `container:${ctx.holder}`
  if (td.pidMode) plan.spec.pidMode = td.pidMode === 'task' ? joined : 'host'
  if (td.ipcMode) plan.spec.ipcMode = td.ipcMode === 'task' ? joined : td.ipcMode
  if ((td.pidMode === 'task' || td.ipcMode === 'task') && !plan.needsRunning.includes(HOLDER_NAME)) {
    plan.needsCreated.push(HOLDER_NAME)
    plan.needsRunning.push(HOLDER_NAME)
  }
}

/** The holder: the task's network namespace (awsvpc) and/or PID and IPC namespaces (`task`). */
function planHolder(td: TaskDefinition, ctx: { settings: PlanSettings; identity: TaskIdentity; networkMode: EcsNetworkMode; holder: string }): ContainerPlan {
  const awsvpc = ctx.networkMode === 'awsvpc'
  const defs = td.containerDefinitions ?? []
  const union = <T>(pick: (d: ContainerDefinition) => readonly T[] | undefined): T[] | undefined => {
    const all = awsvpc ? defs.flatMap((d) => pick(d) ?? []) : []
    const unique = [...new Map(all.map((x) => [JSON.stringify(x), x])).values()]
    return unique.length ? unique : undefined
  }
  const netSysctls = awsvpc ? Object.fromEntries(defs.flatMap((d) => d.systemControls ?? []).filter((s) => s.namespace?.startsWith('net.')).map((s) => [s.namespace as string, s.value ?? ''])) : {}
  const spec: ContainerSpec = dropUndefined({
    name: ctx.holder,
    image: PAUSE_IMAGE,
    labels: identityLabels(ctx.identity, HOLDER_NAME, true),
    networkMode: awsvpc ? 'bridge' : ctx.networkMode === 'host' ? 'host' : 'none',
    hostname: awsvpc ? defs.find((d) => d.hostname)?.hostname : undefined,
    dnsServers: union((d) => d.dnsServers),
    dnsSearchDomains: union((d) => d.dnsSearchDomains),
    extraHosts: union((d) => d.extraHosts)?.map((h) => ({ hostname: h.hostname, ipAddress: h.ipAddress })),
    sysctls: Object.keys(netSysctls).length ? netSysctls : undefined,
    ipcMode: td.ipcMode === 'task' ? 'shareable' : undefined,
    stopTimeoutSeconds: HOLDER_STOP_TIMEOUT_MS / 1000,
  }) as ContainerSpec
  return {
    name: HOLDER_NAME,
    internal: true,
    essential: true,
    spec,
    dependsOn: [],
    needsCreated: [],
    needsRunning: [],
    stopTimeoutMs: HOLDER_STOP_TIMEOUT_MS,
    ...(awsvpc ? { holdsTaskNetwork: true } : {}),
  }
}

/** Each task volume → where mounts of it point, and the Docker volumes to make first. */
function planVolumes(td: TaskDefinition, identity: TaskIdentity, settings: PlanSettings): { sources: Map<string, VolumeSource>; volumes: VolumePlan[] } {
  const sources = new Map<string, VolumeSource>()
  const volumes: VolumePlan[] = []
  const taskLabels = () => {
    const { 'com.amazonaws.ecs.container-name': _n, 'com.berth.essential': _e, ...rest } = identityLabels(identity, '', true)
    return rest
  }
  for (const v of td.volumes ?? []) {
    const name = v.name ?? ''
    const docker = v.dockerVolumeConfiguration
    if (v.host?.sourcePath) {
      sources.set(name, { kind: 'bind', source: v.host.sourcePath })
    } else if (v.efsVolumeConfiguration) {
      const efs = planEfsVolume(v.efsVolumeConfiguration, settings.efs)
      if (efs.kind === 'volume') {
        // An NFS export: a Docker volume made for the task and removed with it (the data stays on the export).
        const volumeName = taskVolumeName(identity.family, identity.revision, name, taskIdOf(identity.taskArn))
        sources.set(name, { kind: 'volume', source: volumeName })
        volumes.push({ lifecycle: 'task', spec: { ...efs.spec, name: volumeName, labels: taskLabels() } })
      } else {
        sources.set(name, efs.kind === 'bind' ? { kind: 'bind', source: efs.source } : efs)
      }
    } else if (v.fsxWindowsFileServerVolumeConfiguration) {
      sources.set(name, { kind: 'unsupported', why: 'FSx volumes are not supported by Berth' })
    } else if (docker && docker.scope === 'shared') {
      sources.set(name, { kind: 'volume', source: name })
      const spec = dropUndefined({ name, driver: docker.driver, driverOpts: docker.driverOpts, labels: { ...docker.labels } })
      volumes.push({ lifecycle: docker.autoprovision ? 'shared-autoprovision' : 'shared-existing', spec: spec as VolumePlan['spec'] })
    } else {
      // Task-scoped Docker volumes, and ECS "empty" volumes (neither host path nor Docker config).
      const volumeName = taskVolumeName(identity.family, identity.revision, name, taskIdOf(identity.taskArn))
      sources.set(name, { kind: 'volume', source: volumeName })
      const spec = dropUndefined({ name: volumeName, driver: docker?.driver, driverOpts: docker?.driverOpts, labels: { ...docker?.labels, ...taskLabels() } })
      volumes.push({ lifecycle: 'task', spec: spec as VolumePlan['spec'] })
    }
  }
  return { sources, volumes }
}

/** A task that cannot be planned still reports every container it defines (STOPPED, with the reason). */
export function unplannedTask(task: DesiredTask, settings: PlanSettings): TaskPlan {
  const td = task.taskDefinition
  const containers: ContainerPlan[] = (td.containerDefinitions ?? []).map((d) => ({
    name: d.name ?? '',
    internal: false,
    essential: d.essential ?? true,
    spec: { image: d.image ?? '', labels: {} },
    dependsOn: [],
    needsCreated: [],
    needsRunning: [],
    stopTimeoutMs: settings.defaultStopTimeoutMs,
  }))
  return {
    identity: { taskArn: task.taskArn, cluster: task.clusterName, family: td.family ?? 'task', revision: td.revision ?? 0, containerInstanceArn: settings.containerInstanceArn },
    networkMode: td.networkMode ?? 'bridge',
    containers,
    volumes: [],
  }
}
