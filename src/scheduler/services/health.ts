import type { TaskDefinition } from '../../core/aws-model/ecs.types.js'
import type { TaskRecord } from '../../core/model/task.js'

/**
 * How long a RUNNING task without container health checks waits before it counts as healthy:
 * "If a task has no essential containers with a health check defined, the service scheduler
 * will wait for 40 seconds after a task reaches a RUNNING state before the task is counted
 * towards the minimum healthy percent total." (ECS, DeploymentConfiguration)
 */
export const HEALTHY_AFTER_RUNNING_MS = 40_000

/** Where a wanted, live task stands, as the service scheduler counts it. */
export type TaskHealth =
  /** Not yet RUNNING. */
  | 'pending'
  /** RUNNING, and not yet past its health threshold: neither healthy nor unhealthy. */
  | 'starting'
  | 'healthy'
  /** An essential container failed its health check, past the grace period: replace it. */
  | 'unhealthy'

export interface HealthRules {
  /** True when an essential container of the task's definition has a health check. */
  checked: boolean
  /** healthCheckGracePeriodSeconds, in ms: unhealthy reports are ignored this long after the task started. */
  graceMs: number
  /** The 40-second rule (HEALTHY_AFTER_RUNNING_MS); shorter in tests that need it. */
  healthyAfterMs: number
}

/** True when some essential container of the definition has a health check. */
export const hasEssentialHealthCheck = (td: TaskDefinition | undefined): boolean =>
  (td?.containerDefinitions ?? []).some((c) => c.essential !== false && c.healthCheck !== undefined)

/**
 * A task's health (pure). With health checks: healthy when the agent reports HEALTHY (every
 * essential container with a check passed it), unhealthy when it reports UNHEALTHY once the
 * grace period is over. Without: healthy 40 s after it reached RUNNING.
 */
export function taskHealth(task: Pick<TaskRecord, 'lastStatus' | 'healthStatus' | 'startedAt'>, rules: HealthRules, now: number): TaskHealth {
  if (task.lastStatus !== 'RUNNING') return 'pending'
  const startedAt = task.startedAt ?? now
  if (!rules.checked) return now - startedAt >= rules.healthyAfterMs ? 'healthy' : 'starting'
  if (task.healthStatus === 'HEALTHY') return 'healthy'
  if (task.healthStatus === 'UNHEALTHY' && now - startedAt >= rules.graceMs) return 'unhealthy'
  return 'starting'
}

/** When a task's health will change by time alone (the 40 s rule, the grace period's end), if it will. */
export function healthChangesAt(task: Pick<TaskRecord, 'lastStatus' | 'healthStatus' | 'startedAt'>, rules: HealthRules, now: number): number | undefined {
  if (task.lastStatus !== 'RUNNING' || task.startedAt === undefined) return undefined
  const at = !rules.checked ? task.startedAt + rules.healthyAfterMs : task.healthStatus === 'UNHEALTHY' ? task.startedAt + rules.graceMs : undefined
  return at !== undefined && at > now ? at : undefined
}
