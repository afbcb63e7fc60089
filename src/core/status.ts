/**
 * Status names are string unions with an explicit order, never persisted integers: a
 * transition is a comparison, and what is stored reads as what it means.
 */

/** A task's lifecycle as ECS reports it in `lastStatus`. */
export const TASK_STATUS = [
  'PROVISIONING',
  'PENDING',
  'ACTIVATING',
  'RUNNING',
  'DEACTIVATING',
  'STOPPING',
  'DEPROVISIONING',
  'STOPPED',
] as const
export type TaskStatus = (typeof TASK_STATUS)[number]
export const taskStatusOrder = (s: TaskStatus): number => TASK_STATUS.indexOf(s)

/** What the control plane wants of a task. Desired status only moves forward. */
export type TaskDesiredStatus = 'RUNNING' | 'STOPPED'

/** A container as the agent knows it on the runtime. */
export const CONTAINER_STATUS = ['NONE', 'PULLED', 'CREATED', 'RUNNING', 'STOPPED'] as const
export type ContainerStatus = (typeof CONTAINER_STATUS)[number]
export const containerStatusOrder = (s: ContainerStatus): number => CONTAINER_STATUS.indexOf(s)

/** On the wire a container is only PENDING, RUNNING or STOPPED. */
export function toWireContainerStatus(s: ContainerStatus): 'PENDING' | 'RUNNING' | 'STOPPED' {
  if (s === 'RUNNING') return 'RUNNING'
  if (s === 'STOPPED') return 'STOPPED'
  return 'PENDING'
}

/** The later of two statuses: known status never moves backwards. */
export const laterTaskStatus = (a: TaskStatus, b: TaskStatus): TaskStatus => (taskStatusOrder(a) >= taskStatusOrder(b) ? a : b)
