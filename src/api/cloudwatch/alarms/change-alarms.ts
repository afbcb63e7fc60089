import type * as Cw from '../../../core/aws-model/cloudwatch.types.js'
import { configurationUpdate, stateUpdate } from '../../../metrics/alarms/history.js'
import type { CloudWatchOperation } from '../deps.js'
import { CloudWatchErrors } from '../errors.js'

/**
 * DeleteAlarms: all the named alarms, or none when any is missing (ResourceNotFound naming
 * them). Each deletion is a ConfigurationUpdate in the history, which outlives the alarm.
 * Alarms Application Auto Scaling made are deletable too, as on CloudWatch (AWS only advises
 * against it: the policy stops scaling on them).
 */
export const deleteAlarms: CloudWatchOperation<Cw.DeleteAlarmsInput, void> = async (input, deps) => {
  const now = deps.clock.now()
  await deps.store.txn(async (tx) => {
    const found = await tx.alarms.list({ names: input.AlarmNames, limit: input.AlarmNames.length + 1 })
    const missing = input.AlarmNames.filter((n) => !found.some((a) => a.name === n))
    if (missing.length > 0) throw CloudWatchErrors.resourceNotFound(`${missing.length} alarm${missing.length === 1 ? '' : 's'} not found: ${missing.join(', ')}`)
    for (const alarm of found) {
      await tx.alarms.delete(alarm.name)
      await tx.tags.remove(alarm.arn, (await tx.tags.get(alarm.arn)).map((t) => t.key))
      await tx.alarmHistory.append(configurationUpdate({ type: 'Delete', alarm }, now))
    }
  })
}

/**
 * SetAlarmState: sets the state by hand until the evaluator's next look at the alarm, which
 * decides it again from the data (as on CloudWatch, where this is for testing actions). A
 * change of state is a StateUpdate in the history; setting the state it is in changes nothing.
 */
export const setAlarmState: CloudWatchOperation<Cw.SetAlarmStateInput, void> = async (input, deps) => {
  if (input.StateReasonData !== undefined) {
    try {
      JSON.parse(input.StateReasonData)
    } catch {
      throw CloudWatchErrors.invalidFormat('The StateReasonData parameter is not valid JSON.')
    }
  }
  const now = deps.clock.now()
  await deps.store.txn(async (tx) => {
    const alarm = await tx.alarms.get(input.AlarmName)
    if (!alarm) throw CloudWatchErrors.resourceNotFound(`Alarm ${input.AlarmName} not found`)
    if (alarm.stateValue === input.StateValue) return
    const next = { state: input.StateValue, reason: input.StateReason, reasonData: input.StateReasonData }
    await tx.alarms.put({
      ...alarm,
      stateValue: input.StateValue,
      stateReason: input.StateReason,
      stateReasonData: input.StateReasonData,
      stateUpdatedAt: now,
    })
    await tx.alarmHistory.append(stateUpdate(alarm, next, now))
  })
}

/** EnableAlarmActions / DisableAlarmActions: names that match no alarm are passed over, as on CloudWatch. */
const setActionsEnabled =
  (enabled: boolean): CloudWatchOperation<Cw.EnableAlarmActionsInput, void> =>
  async (input, deps) => {
    await deps.store.txn(async (tx) => {
      for (const alarm of await tx.alarms.list({ names: input.AlarmNames, limit: input.AlarmNames.length + 1 })) {
        if (alarm.actionsEnabled !== enabled) await tx.alarms.put({ ...alarm, actionsEnabled: enabled })
      }
    })
  }

export const enableAlarmActions = setActionsEnabled(true)
export const disableAlarmActions = setActionsEnabled(false)
