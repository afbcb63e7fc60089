import type { DeploymentConfiguration } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { DeploymentSettings } from '../../../core/model/service.js'

export type SchedulingStrategy = 'REPLICA' | 'DAEMON'

/**
 * ECS's defaults (model doc strings): a REPLICA service may run up to twice its desired count
 * and keeps all of it healthy during a deployment; a DAEMON service runs one task per instance,
 * so it can never surge (maximum 100) and by default (minimum 0, "for the CLI, the SDKs and
 * the APIs") stops an instance's old task before it starts the new one.
 */
export function defaultDeploymentSettings(strategy: SchedulingStrategy): DeploymentSettings {
  return {
    maximumPercent: strategy === 'DAEMON' ? 100 : 200,
    minimumHealthyPercent: strategy === 'DAEMON' ? 0 : 100,
    deploymentCircuitBreaker: { enable: false, rollback: false },
    strategy: 'ROLLING',
    bakeTimeInMinutes: 0,
  }
}

/** ECS's text (observed: aws-cdk#2209, terraform-provider-aws#4825); no final period, as ECS writes it. */
export const DAEMON_MAXIMUM_PERCENT =
  'The daemon scheduling strategy does not support values above 100 for maximumPercent on a deployment configuration. Change the maximumPercent value to 100, and try again'

/**
 * A deploymentConfiguration as given, over `base` (the service's current one on UpdateService,
 * the defaults on CreateService): each member given replaces the one in base. The members
 * Berth refuses (strategies other than ROLLING, hooks, enabled alarms) are refused before
 * this runs (refused-members.ts). Throws InvalidParameterException for values no rollout can
 * work with.
 */
export function resolveDeploymentSettings(
  wire: DeploymentConfiguration | undefined,
  strategy: SchedulingStrategy,
  base: DeploymentSettings = defaultDeploymentSettings(strategy),
): DeploymentSettings {
  const out: DeploymentSettings = { ...base }
  if (wire?.maximumPercent !== undefined) out.maximumPercent = wire.maximumPercent
  if (wire?.minimumHealthyPercent !== undefined) out.minimumHealthyPercent = wire.minimumHealthyPercent
  if (wire?.deploymentCircuitBreaker) {
    const { enable, rollback } = wire.deploymentCircuitBreaker
    out.deploymentCircuitBreaker = { enable, rollback }
  }
  if (wire?.alarms) out.alarms = { alarmNames: [...wire.alarms.alarmNames], enable: false, rollback: wire.alarms.rollback }
  checkDeploymentSettings(out, strategy)
  return out
}

/** The rules ECS states or that any rollout needs; the texts are Berth's unless noted. */
export function checkDeploymentSettings(s: DeploymentSettings, strategy: SchedulingStrategy): void {
  const { maximumPercent: max, minimumHealthyPercent: min } = s
  if (min < 0 || min > 100) {
    throw EcsErrors.invalidParameter(`minimumHealthyPercent must be between 0 and 100 (it was ${min}).`)
  }
  if (strategy === 'DAEMON' && max > 100) throw EcsErrors.invalidParameter(DAEMON_MAXIMUM_PERCENT)
  // Below 100 the service could never run its desired count: maximumPercent caps the tasks
  // RUNNING or PENDING at floor(desired × max / 100). A daemon's one task per instance needs 100 too.
  if (max < 100) {
    throw EcsErrors.invalidParameter(
      `maximumPercent must be at least 100 (it was ${max}): below it the service could never run its desired count of tasks.`,
    )
  }
}

/** The service's deploymentConfiguration as ECS echoes it: every default filled in. */
export function toWireDeploymentConfiguration(s: DeploymentSettings): DeploymentConfiguration {
  return {
    deploymentCircuitBreaker: { ...s.deploymentCircuitBreaker },
    maximumPercent: s.maximumPercent,
    minimumHealthyPercent: s.minimumHealthyPercent,
    ...(s.alarms ? { alarms: { alarmNames: [...s.alarms.alarmNames], rollback: s.alarms.rollback, enable: s.alarms.enable } } : {}),
    strategy: s.strategy,
    bakeTimeInMinutes: s.bakeTimeInMinutes,
  }
}
