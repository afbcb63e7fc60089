import type { ScalableTargetRecord, ScalingActivityRecord, ScheduledActionRecord } from '../core/model/scaling.js'
import { nextOccurrence, parseSchedule } from './schedule.js'

/**
 * Which scheduled action is due now, pure. An action runs at each occurrence of its schedule
 * after its creation, within [StartTime, EndTime]; its last run is its newest activity. Missed
 * occurrences (Berth was down) run once, late, as one.
 */
export interface DueResult {
  due?: ScheduledActionRecord | undefined
  /** The next occurrence of any action, when none is due: the scaler's next wake-up. */
  wakeAt?: number | undefined
}

export function dueScheduledAction(
  target: ScalableTargetRecord,
  actions: readonly ScheduledActionRecord[],
  activities: readonly ScalingActivityRecord[],
  now: number,
): DueResult {
  if (target.suspended.scheduledScaling) return {}
  let wakeAt: number | undefined
  let due: { action: ScheduledActionRecord; at: number } | undefined
  for (const action of actions) {
    const at = nextRun(action, activities)
    if (at === undefined) continue
    if (at <= now) {
      if (!due || at < due.at) due = { action, at }
    } else wakeAt = wakeAt === undefined ? at : Math.min(wakeAt, at)
  }
  return due ? { due: due.action } : { wakeAt }
}

export function nextRun(action: ScheduledActionRecord, activities: readonly ScalingActivityRecord[]): number | undefined {
  const lastRun = activities.find((a) => a.source?.kind === 'scheduled' && a.source.name === action.name)?.startTime
  let after = Math.max(lastRun ?? -Infinity, action.createdAt)
  if (action.startTime !== undefined) after = Math.max(after, action.startTime - 1)
  const at = nextOccurrence(parseSchedule(action.schedule), after, { timezone: action.timezone, anchor: action.startTime ?? action.createdAt })
  if (at === undefined || (action.endTime !== undefined && at > action.endTime)) return undefined
  return at
}
