import type { TaskRecord } from './task.js'

/**
 * Task scale-in protection (UpdateTaskProtection), as ECS defines it: the service scheduler
 * stops no protected task when it scales in or deploys, until the protection ends or is
 * removed. It lasts 2 hours unless expiresInMinutes says otherwise (1 to 2,880 minutes), and
 * each call with protectionEnabled true starts the period again.
 */
export const DEFAULT_PROTECTION_MINUTES = 120
export const MIN_PROTECTION_MINUTES = 1
export const MAX_PROTECTION_MINUTES = 2880

/** True while the task's protection lasts at `now` (pure). */
export const isProtected = (task: Pick<TaskRecord, 'protectedUntil'>, now: number): boolean =>
  task.protectedUntil !== undefined && task.protectedUntil > now

/** When a protection set at `now` for `minutes` (ECS's default when absent) ends. */
export const protectionEnd = (now: number, minutes: number | undefined): number => now + (minutes ?? DEFAULT_PROTECTION_MINUTES) * 60_000

/** Only tasks a service started can be protected (others are ECS's TASK_NOT_VALID). */
export const isServiceTask = (task: Pick<TaskRecord, 'group' | 'startedBy'>): boolean =>
  task.group.startsWith('service:') && task.startedBy?.startsWith('ecs-svc/') === true
