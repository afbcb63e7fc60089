/**
 * What Application Auto Scaling writes in its activities, in AWS's words (the user guide's and
 * the CLI reference's examples): "Setting desired count to 3.", "monitor alarm <name> in state
 * ALARM triggered policy <policy>", "Successfully set desired count to 3. Change successfully
 * fulfilled by ecs.". Scheduled actions say "Setting min capacity to 2 and max capacity to 4"
 * caused by "scheduled action name <name> was triggered".
 */
export const settingDesired = (n: number) => `Setting desired count to ${n}.`
export const attemptingDesired = (n: number) => `Attempting to set desired count to ${n}.`
export const succeeded = (n: number) => `Successfully set desired count to ${n}. Change successfully fulfilled by ecs.`
export const failedTo = (n: number) => `Failed to set desired count to ${n}`
export const alarmCause = (alarm: string, policy: string) => `monitor alarm ${alarm} in state ALARM triggered policy ${policy}`
export const scheduledCause = (action: string) => `scheduled action name ${action} was triggered`
export const capacityCause = (which: 'minimum' | 'maximum', n: number) => `${which} capacity was set to ${n}`

export function settingCapacities(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `Setting min capacity to ${min} and max capacity to ${max}`
  if (min !== undefined) return `Setting min capacity to ${min}`
  return `Setting max capacity to ${max}`
}

/** The service event Berth writes beside the activity (ECS writes none of its own for this). */
export const serviceEventText = (service: string, from: number, to: number, cause: string) =>
  `(service ${service}) desired count changed from ${from} to ${to} by Application Auto Scaling: ${cause}.`
