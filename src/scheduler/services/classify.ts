import type { ContainerInstanceRecord } from '../../core/model/container-instance.js'
import type { DeploymentRecord } from '../../core/model/service.js'
import type { TaskRecord } from '../../core/model/task.js'
import { hasEssentialHealthCheck, taskHealth, type HealthRules, type TaskHealth } from './health.js'
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
}

export const zoneOf = (i: ContainerInstanceRecord | undefined): string | undefined =>
  i?.attributes.find((a) => a.name === 'ecs.availability-zone')?.value

/** True when the instance's agent has been disconnected for `lostAfterMs` or longer, or the instance is gone. */
export function instanceLost(i: ContainerInstanceRecord | undefined, lostAfterMs: number, now: number): boolean {
  if (!i || i.status === 'INACTIVE') return true
  return !i.agentConnected && i.agentDisconnectedAt !== undefined && now - i.agentDisconnectedAt >= lostAfterMs
}

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
      const instance = s.cluster.byArn.get(task.containerInstanceArn)
      const deployment = s.service.deployments.find((d) => d.id === task.startedBy)
      const health = taskHealth(task, healthRulesOf(s, task), s.now)
      return { task, health, deployment, instance, zone: zoneOf(instance) ?? task.availabilityZone, role: roleOf(task, health, deployment, instance) }
    })

  function roleOf(task: TaskRecord, health: TaskHealth, deployment: DeploymentRecord | undefined, instance: ContainerInstanceRecord | undefined): TaskRole {
    if (instanceLost(instance, s.settings.lostAfterMs, s.now)) return 'lost'
    if (task.desiredStatus === 'STOPPED') return 'stopping'
    if (health === 'unhealthy') return 'unhealthy'
    const isPrimary = deployment !== undefined && deployment.id === primary?.id
    return isPrimary && instance !== undefined && belongsOn(instance) ? 'keeper' : 'outgoing'
  }
}
