import { zoneOf } from '../../core/model/attribute.js'
import type { ContainerInstanceRecord } from '../../core/model/container-instance.js'
import type { DeploymentRecord } from '../../core/model/service.js'
import { isWaitingForCapacity, type TaskRecord } from '../../core/model/task.js'
import { hasEssentialHealthCheck, taskHealth, type HealthRules, type TaskHealth } from './health.js'
import { loadBalancerHealth, taskTargets, type LoadBalancerHealth, type TargetKey } from './load-balancing.js'
import type { ServiceSnapshot } from './snapshot.js'

/**
 * What a live task is to the rollout:
 *   keeper    the PRIMARY deployment's, on a usable instance: it stays
 *   outgoing  to be replaced within the bounds: an older deployment's, or on a DRAINING
 *             instance, or (DAEMON) on an instance it no longer belongs on
 *   stopping  already told to stop: holds resources until its containers exit
 *   unhealthy failed its container health checks past the grace period: stop it now
 *   lost      its instance's agent has been gone too long (or the instance is gone): stop it,
 *             count it nowhere, start its replacement elsewhere
 */
export type TaskRole = 'keeper' | 'outgoing' | 'stopping' | 'unhealthy' | 'lost'

export interface ClassifiedTask {
  task: TaskRecord
  role: TaskRole
  health: TaskHealth
  deployment: DeploymentRecord | undefined
  instance: ContainerInstanceRecord | undefined
  zone: string | undefined
  /** Its load-balancer targets (load-balancing.ts), registered or not. */
  targets: TargetKey[]
  /** What the load balancers say of it; `unhealthy` names the target that failed. */
  balancer: LoadBalancerHealth
}

/** True when the instance's agent has been disconnected for `lostAfterMs` or longer, or the instance is gone. */
export function instanceLost(i: ContainerInstanceRecord | undefined, lostAfterMs: number, now: number): boolean {
  if (!i || i.status === 'INACTIVE') return true
  return !i.agentConnected && i.agentDisconnectedAt !== undefined && now - i.agentDisconnectedAt >= lostAfterMs
}

/** The instance a task was placed on, as the snapshot has it; undefined while it waits in PROVISIONING. */
export const instanceOf = (s: ServiceSnapshot, task: TaskRecord): ContainerInstanceRecord | undefined =>
  task.containerInstanceArn === undefined ? undefined : s.cluster.byArn.get(task.containerInstanceArn)

/** The health rules of a task: its definition's checks, the service's grace period, the 40 s rule. */
export function healthRulesOf(s: ServiceSnapshot, task: TaskRecord): HealthRules {
  return {
    checked: hasEssentialHealthCheck(s.taskDefinitions.get(task.taskDefinitionArn)),
    graceMs: (s.service.healthCheckGracePeriodSeconds ?? 0) * 1000,
    healthyAfterMs: s.settings.healthyAfterMs,
  }
}

/**
 * Sorts the service's live tasks into roles (pure). `belongsOn` says whether the PRIMARY's task
 * may stay on an instance: ACTIVE for a REPLICA service; ACTIVE and eligible for a DAEMON one.
 */
export function classifyTasks(s: ServiceSnapshot, belongsOn: (i: ContainerInstanceRecord) => boolean): ClassifiedTask[] {
  const primary = s.service.deployments[0]
  return s.tasks
    .filter((t) => t.lastStatus !== 'STOPPED')
    .map((task) => {
      const instance = instanceOf(s, task)
      const deployment = s.service.deployments.find((d) => d.id === task.startedBy)
      const rules = healthRulesOf(s, task)
      const targets = taskTargets(task, instance, loadBalancersOf(s, task), s.targetGroups)
      const pastGrace = task.startedAt !== undefined && s.now - task.startedAt >= rules.graceMs
      const balancer = loadBalancerHealth(targets, s.targetGroups, pastGrace)
      const health = combinedHealth(task, rules, balancer, s.now)
      return { task, health, deployment, instance, zone: zoneOf(instance) ?? task.availabilityZone, targets, balancer, role: roleOf(task, health, deployment, instance) }
    })

  function roleOf(task: TaskRecord, health: TaskHealth, deployment: DeploymentRecord | undefined, instance: ContainerInstanceRecord | undefined): TaskRole {
    const waiting = isWaitingForCapacity(task)
    if (!waiting && instanceLost(instance, s.settings.lostAfterMs, s.now)) return 'lost'
    if (task.desiredStatus === 'STOPPED' || task.deactivating !== undefined) return 'stopping'
    if (health === 'unhealthy') return 'unhealthy'
    const isPrimary = deployment !== undefined && deployment.id === primary?.id
    // A task waiting in PROVISIONING for its capacity provider's capacity counts as the
    // service's, as ECS counts it (pendingCount): the service does not start another for it.
    if (waiting) return isPrimary ? 'keeper' : 'outgoing'
    return isPrimary && instance !== undefined && belongsOn(instance) ? 'keeper' : 'outgoing'
  }
}

/** The load balancers a task registers with: its deployment's, or the service's when its deployment is gone. */
export const loadBalancersOf = (s: ServiceSnapshot, task: TaskRecord) =>
  (task.startedBy !== undefined ? s.loadBalancers.get(task.startedBy) : undefined) ?? s.service.loadBalancers

/**
 * A task's health from its containers and its load balancers (pure). With targets to judge
 * by, the target groups' health checks replace ECS's 40-second rule ("the service scheduler
 * will wait for the load balancer target group health check to return a healthy status"),
 * and container health checks, when there are any, must pass too.
 */
export function combinedHealth(task: TaskRecord, rules: HealthRules, balancer: LoadBalancerHealth, now: number): TaskHealth {
  if (balancer.kind === 'none') return taskHealth(task, rules, now)
  if (task.lastStatus !== 'RUNNING') return 'pending'
  const containers = rules.checked ? taskHealth(task, rules, now) : 'healthy'
  if (containers === 'unhealthy' || balancer.kind === 'unhealthy') return 'unhealthy'
  return containers === 'healthy' && balancer.kind === 'healthy' ? 'healthy' : 'starting'
}
