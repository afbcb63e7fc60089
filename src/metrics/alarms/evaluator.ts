import type { Clock } from '../../core/clock.js'
import type { Controller } from '../../core/controller.js'
import type { Logger } from '../../core/log.js'
import type { AlarmRecord } from '../../core/model/alarm.js'
import type { Timers } from '../../core/timers.js'
import { ALARM_HISTORY_RETENTION_MS } from '../../state/alarm-store.js'
import type { Store } from '../../state/store.js'
import { waitForWork } from '../../state/wait-for-work.js'
import { metricId, type MetricStore } from '../metric-store.js'
import { evaluateAlarm, evaluationRange, type Evaluation } from './evaluate.js'
import { stateUpdate } from './history.js'

export interface AlarmEvaluatorDeps {
  store: Store
  metrics: MetricStore
  clock: Clock
  timers: Timers
  logger: Logger
}

export interface AlarmEvaluatorOptions {
  /**
   * How long after a period boundary its evaluation runs, so that the period's last samples
   * (agents report every few seconds) are in before it is judged.
   */
  settleMs?: number
  /** The longest sleep between passes: a bound on how late a missed wake-up is caught. */
  maxSleepMs?: number
}

const PAGE = 500
const EXPIRE_BATCH = 500
const EXPIRE_EVERY_MS = 3_600_000

/** Where the evaluator is with one alarm: the boundary it last evaluated, for which configuration. */
interface Seen {
  boundary: number
  configurationUpdatedAt: number
}

/**
 * The alarm evaluator: evaluates every metric alarm once per its period, at the period
 * boundary (plus `settleMs`), over the datapoints the MetricStore holds for its evaluation
 * range, and writes the state fields and a StateUpdate history entry when the state changes;
 * nothing when it does not. A new or reconfigured alarm is evaluated at once, at the latest
 * boundary. SetAlarmState's state lasts until the alarm's next boundary, as on CloudWatch.
 * It also expires history older than CloudWatch's 30 days.
 */
export function alarmEvaluator(deps: AlarmEvaluatorDeps, options: AlarmEvaluatorOptions = {}): Controller {
  const settleMs = options.settleMs ?? 2_000
  const maxSleepMs = options.maxSleepMs ?? 60_000
  const seen = new Map<string, Seen>()
  let expiredAt = Number.NEGATIVE_INFINITY
  return {
    name: 'alarm-evaluator',
    async run(signal) {
      while (!signal.aborted) {
        const index = deps.store.index()
        let nextWake = deps.clock.now() + maxSleepMs
        try {
          nextWake = Math.min(nextWake, await pass(deps, seen, settleMs))
          // History older than 30 days goes, an hour's worth of checks at a time.
          if (deps.clock.now() - expiredAt >= EXPIRE_EVERY_MS) {
            expiredAt = deps.clock.now()
            await deps.store.txn((tx) => tx.alarmHistory.expire(expiredAt - ALARM_HISTORY_RETENTION_MS, EXPIRE_BATCH))
          }
        } catch (error) {
          deps.logger.warn('evaluating alarms failed; trying again later', { error })
        }
        // A boundary that passed while the pass ran is due now: no sleep (a zero timer on a
        // test's ManualTimers would wait for the next advance).
        const sleepMs = nextWake - deps.clock.now()
        // Until the next boundary is due, or an alarm is written (a new or changed one is evaluated at once).
        if (sleepMs > 0) await waitForWork(deps.store, deps.timers, { seen: index, tables: ['alarms'], afterMs: sleepMs, signal })
      }
    },
  }
}

/** One pass over every alarm; returns when the next one is due. */
async function pass(deps: AlarmEvaluatorDeps, seen: Map<string, Seen>, settleMs: number): Promise<number> {
  const now = deps.clock.now()
  let nextWake = Number.POSITIVE_INFINITY
  const present = new Set<string>()
  let after: string | undefined
  for (;;) {
    const page = await deps.store.read((tx) => tx.alarms.list({ after, limit: PAGE }))
    for (const alarm of page) {
      present.add(alarm.name)
      const periodMs = alarm.periodSeconds * 1000
      const boundary = Math.floor((now - settleMs) / periodMs) * periodMs
      const last = seen.get(alarm.name)
      if (!last || last.configurationUpdatedAt !== alarm.configurationUpdatedAt || boundary > last.boundary) {
        await evaluateOne(deps, alarm, boundary, now)
        seen.set(alarm.name, { boundary, configurationUpdatedAt: alarm.configurationUpdatedAt })
      }
      nextWake = Math.min(nextWake, boundary + periodMs + settleMs)
    }
    if (page.length < PAGE) break
    after = page[page.length - 1]!.name
  }
  for (const name of seen.keys()) if (!present.has(name)) seen.delete(name)
  return nextWake
}

async function evaluateOne(deps: AlarmEvaluatorDeps, alarm: AlarmRecord, boundary: number, now: number): Promise<void> {
  const range = evaluationRange(alarm, boundary)
  const datapoints = deps.metrics.query({
    metric: metricId(alarm.namespace, alarm.metricName, alarm.dimensions),
    startTime: range.start,
    endTime: range.end,
    periodSeconds: alarm.periodSeconds,
    unit: alarm.unit,
  })
  const result = evaluateAlarm({ alarm, datapoints, range, now })
  if (!result || result.state === alarm.stateValue) return
  await deps.store.txn(async (tx) => {
    // Written against the alarm as it is now: a configuration changed since is evaluated anew.
    const current = await tx.alarms.get(alarm.name)
    if (!current || current.configurationUpdatedAt !== alarm.configurationUpdatedAt || current.stateValue === result.state) return
    await tx.alarms.put(withState(current, result, now))
    await tx.alarmHistory.append(stateUpdate(current, result, now))
  })
}

/** The alarm with its state fields as an evaluation set them: the evaluator's only write. */
function withState(alarm: AlarmRecord, e: Evaluation, now: number): AlarmRecord {
  return { ...alarm, stateValue: e.state, stateReason: e.reason, stateReasonData: e.reasonData, stateUpdatedAt: now }
}
