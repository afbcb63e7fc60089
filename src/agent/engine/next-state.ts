import type { ContainerCondition, HealthStatus } from '../../core/aws-model/ecs.types.js'
import { containerStatusOrder, type ContainerStatus } from '../../core/status.js'

/**
 * The agent's decision for one container, as the ECS agent's `TestContainerNextState` matrix
 * has it: from (known status, desired status, what its dependencies and dependents are
 * doing), the one step to take next. Pure: the task manager applies it.
 *
 *   NONE ──pull──► PULLED ──create──► CREATED ──start──► RUNNING ──stop──► STOPPED
 *     └────────────────┴──────────────────┴── desired STOPPED, nothing to undo ──┘
 *
 * Known status only moves forward; STOPPED is final. A container whose restart policy let it
 * be restarted after an exit stays RUNNING (its exit is never folded in, as the ECS agent
 * short-circuits it) and is started again: `restarting`.
 */
export type DesiredContainerStatus = 'RUNNING' | 'STOPPED'

/** `CREATED`: must exist first (links, volumesFrom, the holder); the others are ECS `dependsOn` conditions. */
export type DependencyCondition = 'CREATED' | ContainerCondition

export interface Dependency {
  name: string
  condition: DependencyCondition
  known: ContainerStatus
  /** It has been RUNNING at some point (a container that failed to start never was). */
  started: boolean
  /** It exists on the engine (it was created and is not removed); read when it is STOPPED. */
  exists?: boolean
  exitCode?: number
  health: HealthStatus
}

export interface DependencyView {
  /** What this container waits for before its next step. */
  dependencies: readonly Dependency[]
  /** Containers that depend on this one and still run: they stop first (reverse start order). */
  runningDependents: readonly string[]
  /** How long it has waited at CREATED for its `dependsOn` conditions. */
  waitedMs: number
  /** `startTimeout`: how long it may wait for them before it fails. */
  startTimeoutMs?: number
}

export type Transition =
  | { kind: 'none' }
  | { kind: 'blocked'; on: string; reason: string }
  | { kind: 'advance'; to: Exclude<ContainerStatus, 'NONE'>; action: boolean }
  /** It can never get where it is wanted (a dependency that cannot be met, or not in time): it ends STOPPED with `reason`. */
  | { kind: 'fail'; on: string; reason: string }

const NONE: Transition = { kind: 'none' }
const at = (s: ContainerStatus, than: ContainerStatus) => containerStatusOrder(s) >= containerStatusOrder(than)

export function nextState(c: { known: ContainerStatus; desired: DesiredContainerStatus; restarting?: boolean }, deps: DependencyView): Transition {
  if (c.known === 'STOPPED') return NONE // final
  if (c.desired === 'STOPPED') return nextWhenStopping(c.known, deps)
  // Its dependencies were met when it first started; a restart waits for none of them.
  if (c.restarting && c.known === 'RUNNING') return { kind: 'advance', to: 'RUNNING', action: true }
  switch (c.known) {
    case 'NONE':
      return { kind: 'advance', to: 'PULLED', action: true } // images are pulled whatever the dependencies
    case 'PULLED':
      return gate(deps, ['CREATED'], { kind: 'advance', to: 'CREATED', action: true })
    case 'CREATED':
      return gate(deps, ['START', 'COMPLETE', 'SUCCESS', 'HEALTHY'], { kind: 'advance', to: 'RUNNING', action: true })
    case 'RUNNING':
      return NONE // steady state
  }
}

/** Desired STOPPED: a running container is stopped after its dependents; one that never ran just ends. */
function nextWhenStopping(known: ContainerStatus, deps: DependencyView): Transition {
  if (known !== 'RUNNING') return { kind: 'advance', to: 'STOPPED', action: false } // no process to stop
  const [dependent] = deps.runningDependents
  if (dependent !== undefined) return { kind: 'blocked', on: dependent, reason: `waits for '${dependent}', which depends on it, to stop first` }
  return { kind: 'advance', to: 'STOPPED', action: true }
}

/** Every dependency of these conditions met ⇒ `then`; one that can never be met ⇒ fail; else wait (until startTimeout). */
function gate(deps: DependencyView, conditions: readonly DependencyCondition[], then: Transition): Transition {
  for (const d of deps.dependencies) {
    if (!conditions.includes(d.condition)) continue
    const verdict = verdictOf(d)
    if (verdict === 'met') continue
    if (verdict !== 'waiting') return { kind: 'fail', on: d.name, reason: verdict }
    const timeout = deps.startTimeoutMs
    if (d.condition !== 'CREATED' && timeout !== undefined && deps.waitedMs >= timeout) {
      return { kind: 'fail', on: d.name, reason: `Dependency '${d.name}' did not reach ${d.condition} within its startTimeout of ${timeout / 1000} s` }
    }
    return { kind: 'blocked', on: d.name, reason: `waits for '${d.name}' to reach ${d.condition}` }
  }
  return then
}

/** 'met', 'waiting', or why it never will be. */
function verdictOf(d: Dependency): 'met' | 'waiting' | string {
  const stopped = d.known === 'STOPPED'
  switch (d.condition) {
    case 'CREATED':
      if (!stopped) return at(d.known, 'CREATED') ? 'met' : 'waiting'
      return d.exists ? 'met' : never(d, 'stopped without being created') // volumesFrom an exited container works
    case 'START':
      if (d.started) return 'met'
      return stopped ? never(d, 'stopped without starting') : 'waiting'
    case 'COMPLETE':
      if (stopped) return d.started ? 'met' : never(d, 'stopped without running')
      return 'waiting'
    case 'SUCCESS':
      if (!stopped) return 'waiting'
      return d.started && d.exitCode === 0 ? 'met' : never(d, d.started ? `exited with code ${d.exitCode ?? 'unknown'}` : 'stopped without running')
    case 'HEALTHY':
      if (d.health === 'HEALTHY' && d.known === 'RUNNING') return 'met'
      return stopped ? never(d, 'stopped before it was healthy') : 'waiting'
  }
}

const never = (d: Dependency, what: string) => `Dependency '${d.name}' ${what}, so condition ${d.condition} cannot be met`
