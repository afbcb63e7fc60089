/**
 * ECS's bounds on a container's `restartPolicy`: the registration checks them, the agent
 * applies the default (ContainerRestartPolicy in the ECS API reference).
 */

/** restartAttemptPeriod in seconds: the default, and the range ECS accepts. */
export const RESTART_ATTEMPT_PERIOD_S = { default: 300, min: 60, max: 1800 } as const
/** ECS accepts at most this many ignoredExitCodes. */
export const MAX_IGNORED_EXIT_CODES = 50
