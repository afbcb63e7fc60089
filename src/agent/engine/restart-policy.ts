import type { ContainerRestartPolicy } from '../../core/aws-model/ecs.types.js'
import { RESTART_ATTEMPT_PERIOD_S } from '../../core/model/restart-policy.js'
import type { ContainerStatus, TaskDesiredStatus } from '../../core/status.js'
import type { ContainerObservation } from '../runtime/observation.js'

/**
 * A container's `restartPolicy`, as ECS (agent ≥ 1.86) honours it: a container that exits is
 * started again in place, without stopping its task, unless its exit code is ignored or it has
 * not run for `restartAttemptPeriod` since it last started or was restarted. An essential
 * container restarted this way does not stop the task. The decision is the ECS agent's
 * `RestartTracker.ShouldRestart`, as a pure function of the exit and `now`.
 */

/** An enabled policy, as the plan carries it. */
export interface RestartPolicyPlan {
  ignoredExitCodes: readonly number[]
  attemptPeriodMs: number
}

/** The plan's form of a definition's policy; undefined when it is absent or not enabled. */
export function restartPolicyPlan(p: ContainerRestartPolicy | undefined): RestartPolicyPlan | undefined {
  if (!p?.enabled) return undefined
  return { ignoredExitCodes: [...(p.ignoredExitCodes ?? [])], attemptPeriodMs: (p.restartAttemptPeriod ?? RESTART_ATTEMPT_PERIOD_S.default) * 1000 }
}

export interface ExitFacts {
  exitCode: number | undefined
  /** When it last started or was restarted (the agent's clock, epoch ms). */
  lastStartAt: number
  /** The task's desired status: a task on its way down restarts nothing. */
  desired: TaskDesiredStatus
  now: number
}

export type RestartDecision = { restart: true } | { restart: false; why: string }

export function restartDecision(policy: RestartPolicyPlan | undefined, exit: ExitFacts): RestartDecision {
  if (!policy) return { restart: false, why: 'it has no restart policy' }
  if (exit.desired === 'STOPPED') return { restart: false, why: 'its task is stopping' }
  if (exit.exitCode === undefined) return { restart: false, why: 'its exit code is unknown' }
  if (policy.ignoredExitCodes.includes(exit.exitCode)) return { restart: false, why: `exit code ${exit.exitCode} is ignored` }
  const ran = exit.now - exit.lastStartAt
  if (ran < policy.attemptPeriodMs) {
    return { restart: false, why: `it ran ${Math.round(ran / 1000)} s since it last started, less than its restartAttemptPeriod of ${policy.attemptPeriodMs / 1000} s` }
  }
  return { restart: true }
}

/** What the engine keeps of a container for its restart policy (task-state.ts ContainerState). */
export interface RestartView {
  policy: RestartPolicyPlan | undefined
  known: ContainerStatus
  /** When the agent first saw it RUNNING (its clock). */
  runningSince?: number | undefined
  lastRestartAt?: number | undefined
  restarting?: { runStartedAt: number; exitCode: number } | undefined
}

/**
 * What to make of an observation of a container (pure):
 * - `restart`: it exited and its policy allows: keep it RUNNING and start it again;
 * - `await-restart`: the exit already being restarted, seen again: nothing new;
 * - `fold`: take the observation as it is (with why a restart was declined, if one was weighed).
 * The same exit is told from a later one by the run's start time, which a restart moves on.
 */
export type ExitVerdict =
  | { kind: 'fold'; declined?: string }
  | { kind: 'await-restart' }
  | { kind: 'restart'; restarting: { runStartedAt: number; exitCode: number } }

export function exitVerdict(c: RestartView, o: Pick<ContainerObservation, 'state' | 'startedAt' | 'exitCode'>, desired: TaskDesiredStatus, now: number): ExitVerdict {
  const exited = o.state === 'exited' || o.state === 'dead'
  if (!c.policy || c.known === 'STOPPED' || !exited || o.startedAt === undefined) return { kind: 'fold' }
  if (c.restarting?.runStartedAt === o.startedAt) return desired === 'RUNNING' ? { kind: 'await-restart' } : { kind: 'fold' }
  const lastStartAt = c.lastRestartAt ?? c.runningSince ?? o.startedAt
  const decision = restartDecision(c.policy, { exitCode: o.exitCode, lastStartAt, desired, now })
  if (!decision.restart || o.exitCode === undefined) return { kind: 'fold', declined: decision.restart ? 'its exit code is unknown' : decision.why }
  return { kind: 'restart', restarting: { runStartedAt: o.startedAt, exitCode: o.exitCode } }
}
