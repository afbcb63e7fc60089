import { newUuid } from '../core/ids.js'
import type { ScalableTargetRecord, ScalingActivityRecord } from '../core/model/scaling.js'
import { MAX_SERVICE_EVENTS, type ServiceRecord } from '../core/model/service.js'
import type { WriteTx } from '../state/store.js'
import { attemptingDesired, capacityCause, failedTo, serviceEventText, settingDesired, succeeded } from './activity-text.js'
import { clamp } from './arithmetic.js'
import type { Decision } from './decide.js'

/**
 * The writes of a scaling, inside the caller's transaction: the service's desiredCount (the
 * service scheduler then starts or stops tasks, as it does after UpdateService), the activity,
 * and a service event. Application Auto Scaling changes the count as UpdateService does: the
 * service's configuration is otherwise untouched and no deployment starts.
 */
export async function setDesiredCount(
  tx: WriteTx,
  o: { service: ServiceRecord; target: ScalableTargetRecord; to: number; cause: string; source: ScalingActivityRecord['source']; now: number },
): Promise<ScalingActivityRecord> {
  const from = o.service.desiredCount
  await tx.services.put({ ...o.service, desiredCount: o.to, version: o.service.version + 1 })
  const activity: ScalingActivityRecord = {
    id: newUuid(),
    resourceId: o.target.resourceId,
    description: settingDesired(o.to),
    cause: o.cause,
    startTime: o.now,
    endTime: o.now,
    statusCode: 'Successful',
    statusMessage: succeeded(o.to),
    change: o.to - from,
    source: o.source,
  }
  await tx.scalingActivities.put(activity)
  await tx.serviceEvents.append(o.service.arn, { id: newUuid(), createdAt: o.now, message: serviceEventText(o.service.name, from, o.to, o.cause) }, MAX_SERVICE_EVENTS)
  return activity
}

/** A "not scaled" activity (DescribeScalingActivities shows it with IncludeNotScaledActivities). */
export async function recordNotScaled(tx: WriteTx, target: ScalableTargetRecord, d: Extract<Decision, { kind: 'not-scaled' }>, now: number): Promise<void> {
  await tx.scalingActivities.put({
    id: newUuid(),
    resourceId: target.resourceId,
    description: attemptingDesired(d.attempted),
    cause: d.cause,
    startTime: now,
    endTime: now,
    statusCode: 'Failed',
    statusMessage: failedTo(d.attempted),
    notScaledReasons: [d.reason],
    change: 0,
    source: { kind: 'policy', name: d.policyName },
  })
}

/**
 * After min or max changed (RegisterScalableTarget, a scheduled action), a desired count
 * outside the new range is brought into it at once, as AWS does.
 */
export async function enforceCapacity(tx: WriteTx, target: ScalableTargetRecord, service: ServiceRecord, now: number): Promise<void> {
  const to = clamp(service.desiredCount, target.minCapacity, target.maxCapacity)
  if (to === service.desiredCount || service.status !== 'ACTIVE' || service.schedulingStrategy !== 'REPLICA') return
  const cause = to > service.desiredCount ? capacityCause('minimum', target.minCapacity) : capacityCause('maximum', target.maxCapacity)
  await setDesiredCount(tx, { service, target, to, cause, source: undefined, now })
}
