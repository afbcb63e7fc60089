import type { EcsArns } from '../core/arn.js'
import type { Clock } from '../core/clock.js'
import type { Controller } from '../core/controller.js'
import { newUuid } from '../core/ids.js'
import type { Logger } from '../core/log.js'
import type { AlarmRecord } from '../core/model/alarm.js'
import type { ScalableTargetRecord, ScalingActivityRecord, ScalingPolicyRecord, ScheduledActionRecord } from '../core/model/scaling.js'
import type { ServiceRecord } from '../core/model/service.js'
import type { Timers } from '../core/timers.js'
import type { MetricStore } from '../metrics/metric-store.js'
import type { ReadTx, Store, StoreTable } from '../state/store.js'
import { waitForWork } from '../state/wait-for-work.js'
import { enforceCapacity, recordNotScaled, setDesiredCount } from './apply.js'
import { scheduledCause, settingCapacities } from './activity-text.js'
import { decide, type PolicyState } from './decide.js'
import { latestMetric } from './latest-metric.js'
import { dueScheduledAction } from './scheduled.js'

export interface ScalerDeps {
  store: Store
  clock: Clock
  timers: Timers
  logger: Logger
  metrics: MetricStore
  arns: EcsArns
  /** How often a pass runs at most between store changes: metrics do not pass through the store. */
  periodSeconds: number
}

/** What the scaler reads of one target in one store read. */
interface TargetView {
  target: ScalableTargetRecord
  service: ServiceRecord | undefined
  policies: { policy: ScalingPolicyRecord; alarms: AlarmRecord[] }[]
  actions: ScheduledActionRecord[]
  activities: ScalingActivityRecord[]
}

/** The tables whose changes can change a decision; metrics wake it by the period instead. */
const WATCHED: readonly StoreTable[] = ['alarms', 'scalingPolicies', 'scalableTargets', 'scheduledActions']
const ACTIVITIES_READ = 200

/**
 * Application Auto Scaling's scaler, a controller: each pass reads every scalable target with
 * its service, policies, their alarms and recent activities; runs a due scheduled action (it
 * sets min and max); then decides dynamic scaling (decide.ts) and writes the service's
 * desiredCount, an activity and a service event. One move per target per pass; the next pass
 * comes when a watched table changes, a cooldown or a schedule comes due, or a period passes.
 */
export function scaler(deps: ScalerDeps): Controller {
  return {
    name: 'auto-scaling',
    async run(signal) {
      while (!signal.aborted) {
        const index = deps.store.index()
        let wakeAt: number | undefined
        try {
          wakeAt = await pass(deps)
        } catch (error) {
          deps.logger.warn('an auto-scaling pass failed; trying again next period', { error })
        }
        const now = deps.clock.now()
        const periodMs = deps.periodSeconds * 1000
        const waitMs = Math.max(0, Math.min(wakeAt ?? Infinity, now + periodMs) - now)
        await waitForWork(deps.store, deps.timers, { seen: index, tables: WATCHED, afterMs: waitMs, signal })
      }
    },
  }
}

/** One pass over every target; returns when the next one is due at the latest. */
export async function pass(deps: Pick<ScalerDeps, 'store' | 'clock' | 'metrics' | 'arns' | 'logger'>): Promise<number | undefined> {
  const views = await deps.store.read((tx) => readTargets(tx, deps.arns))
  let wakeAt: number | undefined
  const soonest = (t: number | undefined) => {
    if (t !== undefined) wakeAt = wakeAt === undefined ? t : Math.min(wakeAt, t)
  }
  for (const view of views) {
    if (!view.service || view.service.status !== 'ACTIVE' || view.service.schedulingStrategy !== 'REPLICA') continue
    const now = deps.clock.now()
    const scheduled = dueScheduledAction(view.target, view.actions, view.activities, now)
    soonest(scheduled.wakeAt)
    if (scheduled.due) {
      await runScheduledAction(deps, view, scheduled.due, now)
      soonest(now)
      continue
    }
    const policies: PolicyState[] = view.policies.map(({ policy, alarms }) => ({
      policy,
      alarms: alarms.map((alarm) => ({ alarm, metric: alarm.stateValue === 'ALARM' ? latestMetric(deps.metrics, alarm, now) : undefined })),
    }))
    const result = decide({ target: view.target, desired: view.service.desiredCount, policies, activities: view.activities, now })
    soonest(result.wakeAt)
    const d = result.decision
    if (!d) continue
    await deps.store.txn(async (tx) => {
      const service = await tx.services.get(view.service!.arn)
      // Changed since the read (UpdateService, another writer): decide again on the next pass.
      if (!service || service.version !== view.service!.version) return
      if (d.kind === 'scale') {
        await setDesiredCount(tx, { service, target: view.target, to: d.to, cause: d.cause, source: { kind: 'policy', name: d.policyName }, now })
        deps.logger.info('scaled a service', { resourceId: view.target.resourceId, from: service.desiredCount, to: d.to, cause: d.cause })
      } else {
        await recordNotScaled(tx, view.target, d, now)
      }
    })
  }
  return wakeAt
}

async function readTargets(tx: ReadTx, arns: EcsArns): Promise<TargetView[]> {
  const views: TargetView[] = []
  for (const target of await tx.scalableTargets.list()) {
    const policies = []
    for (const policy of await tx.scalingPolicies.list(target.resourceId)) {
      const alarms =
        policy.type === 'TargetTrackingScaling'
          ? await tx.alarms.list({ limit: 100, ownedByPolicyArn: policy.arn })
          : (await tx.alarms.list({ limit: 100, actionPrefix: policy.arn })).filter((a) => a.alarmActions.includes(policy.arn))
      policies.push({ policy, alarms })
    }
    views.push({
      target,
      service: await tx.services.get(arns.service(target.clusterName, target.serviceName)),
      policies,
      actions: await tx.scheduledActions.list(target.resourceId),
      activities: await tx.scalingActivities.list({ resourceId: target.resourceId, limit: ACTIVITIES_READ }),
    })
  }
  return views
}

/** Sets the target's min and max as the action says, records it, and brings the desired count into range. */
async function runScheduledAction(deps: Pick<ScalerDeps, 'store'>, view: TargetView, action: ScheduledActionRecord, now: number): Promise<void> {
  await deps.store.txn(async (tx) => {
    const target = await tx.scalableTargets.get(view.target.resourceId)
    const service = view.service && (await tx.services.get(view.service.arn))
    if (!target || !service) return
    let min = action.minCapacity ?? target.minCapacity
    let max = action.maxCapacity ?? target.maxCapacity
    // An action that sets one bound past the other moves the other with it.
    if (action.minCapacity === undefined && min > max) min = max
    if (action.maxCapacity === undefined && max < min) max = min
    const next = { ...target, minCapacity: min, maxCapacity: max }
    await tx.scalableTargets.put(next)
    await tx.scalingActivities.put({
      id: newUuid(),
      resourceId: target.resourceId,
      description: settingCapacities(action.minCapacity, action.maxCapacity),
      cause: scheduledCause(action.name),
      startTime: now,
      endTime: now,
      statusCode: 'Successful',
      change: 0,
      source: { kind: 'scheduled', name: action.name },
    })
    await enforceCapacity(tx, next, service, now)
  })
}
