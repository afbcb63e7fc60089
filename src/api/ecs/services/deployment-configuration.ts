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
 * Berth refuses (lifecycle hooks) are refused before
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
  if (wire?.alarms) out.alarms = { alarmNames: [...wire.alarms.alarmNames], enable: wire.alarms.enable, rollback: wire.alarms.rollback }
  const shifted = resolveStrategy(wire, base, out)
  checkDeploymentSettings(shifted, strategy)
  return shifted
}

/** "multiples of 0.1" (model): a value on the tenths grid, allowing for binary fractions. */
const onTenths = (v: number): boolean => Math.abs(v * 10 - Math.round(v * 10)) < 1e-6

function checkRange(name: string, v: number, min: number, max: number, tenths: boolean): void {
  if (!Number.isFinite(v) || v < min || v > max || (tenths ? !onTenths(v) : !Number.isInteger(v))) {
    const grid = tenths ? 'a multiple of 0.1' : 'a whole number'
    throw EcsErrors.invalidParameter(`${name} must be ${grid} from ${min} to ${max} (it was ${v}).`)
  }
}

/**
 * The strategy and its settings, with the model's defaults (LINEAR stepPercent 10, step bake 6;
 * CANARY canaryPercent 5, canary bake 10) and ranges. A configuration of another strategy is
 * refused ("Only valid when the deployment strategy is LINEAR / CANARY"); moving to another
 * strategy drops the old one's. BLUE_GREEN needs bakeTimeInMinutes ("You must provide this
 * parameter"): given in the request, or kept from a service already BLUE_GREEN.
 */
function resolveStrategy(wire: DeploymentConfiguration | undefined, base: DeploymentSettings, out: DeploymentSettings): DeploymentSettings {
  const strategy = wire?.strategy ?? base.strategy
  const { linearConfiguration: _l, canaryConfiguration: _c, ...rest } = out
  const next: DeploymentSettings = { ...rest, strategy }
  if (wire?.linearConfiguration && strategy !== 'LINEAR') {
    throw EcsErrors.invalidParameter(`linearConfiguration is only valid when the deployment strategy is LINEAR (it is ${strategy}).`)
  }
  if (wire?.canaryConfiguration && strategy !== 'CANARY') {
    throw EcsErrors.invalidParameter(`canaryConfiguration is only valid when the deployment strategy is CANARY (it is ${strategy}).`)
  }
  if (wire?.bakeTimeInMinutes !== undefined) next.bakeTimeInMinutes = wire.bakeTimeInMinutes
  else if (strategy !== base.strategy) next.bakeTimeInMinutes = 0
  if (strategy === 'ROLLING' && next.bakeTimeInMinutes !== 0) {
    throw EcsErrors.invalidParameter('bakeTimeInMinutes belongs to the BLUE_GREEN, LINEAR and CANARY strategies; a ROLLING deployment has none (leave it out or give 0).')
  }
  if (strategy === 'BLUE_GREEN' && wire?.bakeTimeInMinutes === undefined && base.strategy !== 'BLUE_GREEN') {
    throw EcsErrors.invalidParameter('bakeTimeInMinutes is required with the BLUE_GREEN deployment strategy: how long both revisions run after production traffic has shifted.')
  }
  checkRange('bakeTimeInMinutes', next.bakeTimeInMinutes, 0, 1440, false)
  if (strategy === 'LINEAR') {
    const was = base.strategy === 'LINEAR' ? base.linearConfiguration : undefined
    const stepPercent = wire?.linearConfiguration?.stepPercent ?? was?.stepPercent ?? 10
    const stepBakeTimeInMinutes = wire?.linearConfiguration?.stepBakeTimeInMinutes ?? was?.stepBakeTimeInMinutes ?? 6
    checkRange('linearConfiguration.stepPercent', stepPercent, 3, 100, true)
    checkRange('linearConfiguration.stepBakeTimeInMinutes', stepBakeTimeInMinutes, 0, 1440, false)
    next.linearConfiguration = { stepPercent, stepBakeTimeInMinutes }
  }
  if (strategy === 'CANARY') {
    const was = base.strategy === 'CANARY' ? base.canaryConfiguration : undefined
    const canaryPercent = wire?.canaryConfiguration?.canaryPercent ?? was?.canaryPercent ?? 5
    const canaryBakeTimeInMinutes = wire?.canaryConfiguration?.canaryBakeTimeInMinutes ?? was?.canaryBakeTimeInMinutes ?? 10
    checkRange('canaryConfiguration.canaryPercent', canaryPercent, 0.1, 100, true)
    checkRange('canaryConfiguration.canaryBakeTimeInMinutes', canaryBakeTimeInMinutes, 0, 1440, false)
    next.canaryConfiguration = { canaryPercent, canaryBakeTimeInMinutes }
  }
  return next
}

/** The rules ECS states or that any rollout needs; the texts are Berth's unless noted. */
export function checkDeploymentSettings(s: DeploymentSettings, strategy: SchedulingStrategy): void {
  const { maximumPercent: max, minimumHealthyPercent: min } = s
  if (min < 0 || min > 100) {
    throw EcsErrors.invalidParameter(`minimumHealthyPercent must be between 0 and 100 (it was ${min}).`)
  }
  if (strategy === 'DAEMON' && max > 100) throw EcsErrors.invalidParameter(DAEMON_MAXIMUM_PERCENT)
  if (s.strategy !== 'ROLLING' && strategy === 'DAEMON') {
    throw EcsErrors.invalidParameter(`The ${s.strategy} deployment strategy shifts load-balancer traffic between two sets of tasks; a DAEMON service deploys with ROLLING only.`)
  }
  // The model: "The deployment circuit breaker can only be used for services using the rolling
  // update (ECS) deployment type." Refused rather than accepted and ignored: nothing would watch.
  if (s.strategy !== 'ROLLING' && s.deploymentCircuitBreaker.enable) {
    throw EcsErrors.invalidParameter(
      `The deployment circuit breaker can only be used with the ROLLING deployment strategy (it is ${s.strategy}); roll a ${s.strategy} deployment back with StopServiceDeployment.`,
    )
  }
  // Deployment alarms are watched for every strategy: ECS watches them through a rolling
  // deployment and, since 2025, through a blue/green, linear or canary one up to its bake's end;
  // a rollback sends production traffic back to blue at once (scheduler/services/traffic-shift.ts).
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
    ...(s.linearConfiguration ? { linearConfiguration: { ...s.linearConfiguration } } : {}),
    ...(s.canaryConfiguration ? { canaryConfiguration: { ...s.canaryConfiguration } } : {}),
  }
}
