import type { AlarmRecord } from '../../core/model/alarm.js'
import type { DeploymentRecord, DeploymentSettings } from '../../core/model/service.js'

/**
 * ECS's deployment alarms (deploymentConfiguration.alarms), decided (pure; table-tested in
 * deployment-alarms.test.ts). While the PRIMARY is IN_PROGRESS — rolling out, then through its
 * bake — a named alarm in ALARM fails it:
 *
 *   triggered  the named alarms in ALARM whose state changed after the deployment started.
 *              One already in ALARM when it started does not count for it (as ECS:
 *              "alarms already in ALARM at the start of a deployment are not monitored", the
 *              behaviour Copilot documents), until it leaves ALARM and comes back. So a
 *              rollback (a deployment revived now) is not failed by the alarm that caused it.
 *   bake       how long the deployment stays IN_PROGRESS, watched, once the new tasks run at
 *              the desired count and the old ones are gone: ECS "computes this time period
 *              based on the alarm configuration"; Berth takes the longest evaluation window
 *              of the named alarms (period × evaluation periods), the time an alarm needs to
 *              judge the new revision. 0 when none of them exists.
 *
 * A name with no alarm is watched all the same (it may be created later) and never fires:
 * ECS does not check alarm names when a service is created or updated.
 */
export interface AlarmVerdict {
  /** The names of the alarms that fail the deployment, in the order configured; empty: none. */
  triggered: string[]
  bakeMs: number
}

export function deploymentAlarmVerdict(
  config: DeploymentSettings['alarms'],
  deployment: Pick<DeploymentRecord, 'createdAt'>,
  alarms: ReadonlyMap<string, Pick<AlarmRecord, 'stateValue' | 'stateUpdatedAt' | 'periodSeconds' | 'evaluationPeriods'>>,
): AlarmVerdict {
  if (!config?.enable) return { triggered: [], bakeMs: 0 }
  const named = config.alarmNames.flatMap((name) => {
    const alarm = alarms.get(name)
    return alarm ? [{ name, alarm }] : []
  })
  return {
    triggered: named.filter(({ alarm }) => alarm.stateValue === 'ALARM' && alarm.stateUpdatedAt > deployment.createdAt).map(({ name }) => name),
    bakeMs: Math.max(0, ...named.map(({ alarm }) => alarm.periodSeconds * alarm.evaluationPeriods * 1000)),
  }
}

/** True when a service's deployment alarms are being watched now: enabled, and its PRIMARY IN_PROGRESS. */
export const watchingAlarms = (settings: DeploymentSettings, primary: Pick<DeploymentRecord, 'rolloutState'> | undefined): boolean =>
  settings.alarms?.enable === true && primary?.rolloutState === 'IN_PROGRESS'
