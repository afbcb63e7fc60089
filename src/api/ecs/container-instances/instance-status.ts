import type { ContainerInstanceStatus } from '../../../core/model/container-instance.js'
import { countTasks, type TaskFootprint } from '../../../core/model/instance-resources.js'

/** The statuses UpdateContainerInstancesState can set. */
export type SettableStatus = 'ACTIVE' | 'DRAINING'

export type StatusChange = { status: SettableStatus; changed: boolean } | { failure: string; detail: string }

/**
 * UpdateContainerInstancesState for one instance. ACTIVE and DRAINING move to each other (or
 * stay, which changes nothing and so does not bump `version`). Other statuses cannot be
 * updated, as ECS documents: the instance is reported in `failures` with its status as the
 * reason, and the others in the request still go ahead.
 */
export function nextInstanceStatus(current: ContainerInstanceStatus, requested: SettableStatus): StatusChange {
  if (current === 'ACTIVE' || current === 'DRAINING') return { status: requested, changed: current !== requested }
  return {
    failure: current,
    detail: `The container instance is ${current}; only ACTIVE and DRAINING instances can change status.`,
  }
}

/**
 * Deregistration without `force` is refused while tasks are running or pending on the
 * instance; with `force` they are left orphaned, as ECS documents.
 */
export function mayDeregister(tasks: readonly TaskFootprint[], force: boolean): boolean {
  const { running, pending } = countTasks(tasks)
  return force || running + pending === 0
}
