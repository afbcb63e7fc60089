import type { ContainerReport, TaskNetworkInterface, TaskReport } from '../../core/agent-protocol.js'
import type { HealthStatus, NetworkBinding, TaskStopCode } from '../../core/aws-model/ecs.types.js'
import {
  containerStatusOrder,
  laterTaskStatus,
  toWireContainerStatus,
  type ContainerStatus,
  type TaskDesiredStatus,
  type TaskStatus,
} from '../../core/status.js'
import type { ContainerObservation } from '../runtime/observation.js'
import type { ContainerPlan } from './plan.js'

/**
 * What the engine knows of one task and its containers, and the pure functions over it: fold
 * an observation in, derive the task's status and health, and say it as a TaskReport. The
 * task manager is the only writer of these records.
 */
export interface ContainerState {
  plan: ContainerPlan
  /** Written only from runtime observations (and action results); never moves backwards. */
  known: ContainerStatus
  /** The action in flight toward this status (ECS `appliedStatus`): not decided again until it ends. */
  applied?: ContainerStatus
  runtimeId?: string
  /** It exists on the engine: created and not yet removed. */
  exists: boolean
  /** It has been RUNNING at some point. */
  started: boolean
  /** When the runtime says the container started (epoch ms), once it has. */
  startedAt?: number
  exitCode?: number
  reason?: string
  health: HealthStatus
  /** The last host bindings seen while it ran (kept after it stops, as ECS keeps them). */
  bindings: NetworkBinding[]
  /** Its last address (and MAC) on its Docker network while it ran, kept after it stops. */
  address?: TaskNetworkInterface
  imageDigest?: string
  /** When it reached CREATED: `startTimeout` counts from here. */
  createdAt?: number
  /** A retryable failure: the step is tried again at this time. */
  retryAt?: number
  attempts: number
  /** When the agent first saw it RUNNING (its clock): a restart policy's period counts from here. */
  runningSince?: number
  /** restartPolicy (ECS's RestartTracker): how often it was restarted in place, and when last (agent clock). */
  restartCount?: number
  lastRestartAt?: number
  /** It exited and is being started again in place: the run that ended (its start) and its exit code. */
  restarting?: { runStartedAt: number; exitCode: number }
}

export interface TaskState {
  taskArn: string
  /** The server's desired status, moved forward by the agent's own invariants (never back). */
  desired: TaskDesiredStatus
  known: TaskStatus
  containers: ContainerState[]
  pullStartedAt?: number
  pullStoppedAt?: number
  startedAt?: number
  executionStoppedAt?: number
  stopCode?: TaskStopCode
  stoppedReason?: string
}

export const OOM_REASON = 'OutOfMemoryError: Container killed due to memory usage'
export const ESSENTIAL_EXITED_REASON = 'Essential container in task exited'
export const REMOVED_REASON = 'The container was removed outside the agent'

const later = (a: ContainerStatus, b: ContainerStatus) => (containerStatusOrder(a) >= containerStatusOrder(b) ? a : b)

/** Docker's health → ECS's: `starting` is UNKNOWN until the first verdict. */
export function healthOf(o: ContainerObservation | undefined): HealthStatus {
  if (o?.health?.status === 'healthy') return 'HEALTHY'
  if (o?.health?.status === 'unhealthy') return 'UNHEALTHY'
  return 'UNKNOWN'
}

/** The engine's state names → the agent's known status. */
export function knownFrom(o: ContainerObservation): ContainerStatus {
  switch (o.state) {
    case 'created':
      return 'CREATED'
    case 'running':
    case 'paused':
    case 'restarting':
      return 'RUNNING'
    case 'removing':
    case 'exited':
    case 'dead':
      return 'STOPPED'
  }
}

/** Folds what the runtime saw (undefined: the container is gone) into a container's state. */
export function observe(c: ContainerState, o: ContainerObservation | undefined): void {
  if (!o) {
    if (c.exists && c.known !== 'STOPPED') {
      c.known = 'STOPPED'
      c.reason ??= REMOVED_REASON
    }
    c.exists = false
    return
  }
  c.runtimeId = o.id
  c.exists = true
  c.known = later(c.known, knownFrom(o))
  if (o.startedAt !== undefined || o.state === 'running') c.started = true
  if (o.startedAt !== undefined) c.startedAt ??= o.startedAt
  if (o.imageId) c.imageDigest = o.imageId
  if (c.plan.spec.healthCheck) c.health = healthOf(o)
  if (o.ipAddress) c.address = { privateIpv4Address: o.ipAddress, ...(o.macAddress ? { macAddress: o.macAddress } : {}) }
  if (o.ports.length) c.bindings = o.ports.map((p) => ({ bindIP: p.hostIp, containerPort: p.containerPort, hostPort: p.hostPort, protocol: p.protocol }))
  if (c.known === 'STOPPED') {
    if (o.exitCode !== undefined && c.started) c.exitCode = o.exitCode
    if (o.oomKilled) c.reason ??= OOM_REASON
  }
}

/**
 * Task known status as ECS reports it ("task known = min(container known)", read through the
 * wire's three states): PENDING until every essential container is RUNNING, then RUNNING;
 * STOPPED once every container has stopped. It never moves backwards.
 */
export function taskKnownStatus(containers: readonly Pick<ContainerState, 'known' | 'plan'>[], previous: TaskStatus): TaskStatus {
  if (containers.every((c) => c.known === 'STOPPED')) return 'STOPPED'
  const essential = containers.filter((c) => c.plan.essential)
  const gate = essential.length ? essential : containers
  return laterTaskStatus(previous, gate.every((c) => c.known === 'RUNNING') ? 'RUNNING' : 'PENDING')
}

/** HEALTHY iff every essential container with a health check is HEALTHY; UNHEALTHY if one is UNHEALTHY; else UNKNOWN. */
export function taskHealth(containers: readonly Pick<ContainerState, 'health' | 'plan'>[]): HealthStatus {
  const checked = containers.filter((c) => c.plan.essential && !c.plan.internal && c.plan.spec.healthCheck)
  if (checked.some((c) => c.health === 'UNHEALTHY')) return 'UNHEALTHY'
  if (checked.length && checked.every((c) => c.health === 'HEALTHY')) return 'HEALTHY'
  return 'UNKNOWN'
}

/**
 * What the server hears: the holder is left out; an awsvpc task's interface is the holder's
 * address once it has run. Its containers publish nothing on the host, so they report no
 * network bindings, as the ECS agent reports none for awsvpc tasks (aws/amazon-ecs-agent#3479).
 */
export function buildReport(t: TaskState): TaskReport {
  const report: TaskReport = {
    taskArn: t.taskArn,
    knownStatus: t.known,
    containers: t.containers.filter((c) => !c.plan.internal).map(containerReport),
    healthStatus: taskHealth(t.containers),
  }
  for (const k of ['pullStartedAt', 'pullStoppedAt', 'startedAt', 'executionStoppedAt', 'stopCode', 'stoppedReason'] as const) {
    if (t[k] !== undefined) Object.assign(report, { [k]: t[k] })
  }
  const nic = t.containers.find((c) => c.plan.holdsTaskNetwork)?.address
  if (nic) report.networkInterface = { ...nic }
  return report
}

function containerReport(c: ContainerState): ContainerReport {
  const bindings = c.plan.staticBindings && c.known === 'RUNNING' ? c.plan.staticBindings : c.bindings
  const r: ContainerReport = { name: c.plan.name, status: toWireContainerStatus(c.known), healthStatus: c.health }
  if (c.runtimeId !== undefined) r.runtimeId = c.runtimeId
  if (c.imageDigest !== undefined) r.imageDigest = c.imageDigest
  if (c.exitCode !== undefined) r.exitCode = c.exitCode
  if (c.reason !== undefined) r.reason = c.reason
  if (bindings.length) r.networkBindings = bindings
  return r
}
