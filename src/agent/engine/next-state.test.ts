import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ContainerStatus } from '../../core/status.js'
import { nextState, type Dependency, type DependencyView, type DesiredContainerStatus, type Transition } from './next-state.js'

const free: DependencyView = { dependencies: [], runningDependents: [], waitedMs: 0 }
const dep = (condition: Dependency['condition'], known: ContainerStatus, more: Partial<Dependency> = {}): DependencyView => ({
  ...free,
  dependencies: [{ name: 'dep', condition, known, started: known === 'RUNNING' || known === 'STOPPED', health: 'UNKNOWN', ...more }],
})
const advance = (to: Exclude<ContainerStatus, 'NONE'>, action = true): Transition => ({ kind: 'advance', to, action })
const blocked = { kind: 'blocked' } as const
const fail = { kind: 'fail' } as const
const none: Transition = { kind: 'none' }

interface Row {
  known: ContainerStatus
  desired: DesiredContainerStatus
  deps?: DependencyView
  /** Its restart policy let it be restarted after an exit (restart-policy.ts). */
  restarting?: boolean
  want: Transition | typeof blocked | typeof fail
  why: string
}

/** The (known × desired × dependency) matrix, as ECS's TestContainerNextState has it. */
const rows: Row[] = [
  // ---- no dependencies: the straight path ----
  { known: 'NONE', desired: 'RUNNING', want: advance('PULLED'), why: 'a new container is pulled first' },
  { known: 'PULLED', desired: 'RUNNING', want: advance('CREATED'), why: 'then created' },
  { known: 'CREATED', desired: 'RUNNING', want: advance('RUNNING'), why: 'then started' },
  { known: 'RUNNING', desired: 'RUNNING', want: none, why: 'running as wanted: steady state' },
  { known: 'STOPPED', desired: 'RUNNING', want: none, why: 'STOPPED is final: a restart policy acts before an exit is folded in' },
  // ---- desired STOPPED ----
  { known: 'NONE', desired: 'STOPPED', want: advance('STOPPED', false), why: 'never pulled: nothing to stop' },
  { known: 'PULLED', desired: 'STOPPED', want: advance('STOPPED', false), why: 'pulled but not created: nothing to stop' },
  { known: 'CREATED', desired: 'STOPPED', want: advance('STOPPED', false), why: 'created but never started: no process; cleanup removes it' },
  { known: 'RUNNING', desired: 'STOPPED', want: advance('STOPPED'), why: 'a running container is stopped (SIGTERM, stopTimeout, SIGKILL)' },
  { known: 'STOPPED', desired: 'STOPPED', want: none, why: 'already there' },
  { known: 'RUNNING', desired: 'STOPPED', deps: { ...free, runningDependents: ['app'] }, want: blocked, why: 'stops after the containers that depend on it (reverse start order)' },
  { known: 'CREATED', desired: 'STOPPED', deps: { ...free, runningDependents: ['app'] }, want: advance('STOPPED', false), why: 'stop order only matters for a running process' },
  { known: 'RUNNING', desired: 'STOPPED', deps: dep('HEALTHY', 'CREATED'), want: advance('STOPPED'), why: 'its own dependencies do not hold a stop' },
  // ---- CREATED: links, volumesFrom, the network holder must exist ----
  { known: 'PULLED', desired: 'RUNNING', deps: dep('CREATED', 'NONE'), want: blocked, why: 'volumesFrom source not created yet' },
  { known: 'PULLED', desired: 'RUNNING', deps: dep('CREATED', 'PULLED'), want: blocked, why: 'still only pulled' },
  { known: 'PULLED', desired: 'RUNNING', deps: dep('CREATED', 'CREATED'), want: advance('CREATED'), why: 'source exists' },
  { known: 'PULLED', desired: 'RUNNING', deps: dep('CREATED', 'STOPPED', { exists: true }), want: advance('CREATED'), why: 'volumes from an exited container still work' },
  { known: 'PULLED', desired: 'RUNNING', deps: dep('CREATED', 'STOPPED', { started: false, exists: false }), want: fail, why: 'source failed before it existed: never' },
  { known: 'NONE', desired: 'RUNNING', deps: dep('CREATED', 'NONE'), want: advance('PULLED'), why: 'pulls do not wait for anyone' },
  // ---- START ----
  { known: 'CREATED', desired: 'RUNNING', deps: dep('START', 'CREATED'), want: blocked, why: 'dependency not started yet' },
  { known: 'CREATED', desired: 'RUNNING', deps: dep('START', 'RUNNING'), want: advance('RUNNING'), why: 'dependency running' },
  { known: 'CREATED', desired: 'RUNNING', deps: dep('START', 'STOPPED'), want: advance('RUNNING'), why: 'it started, then exited: START was met' },
  { known: 'CREATED', desired: 'RUNNING', deps: dep('START', 'STOPPED', { started: false }), want: fail, why: 'it failed to start: never' },
  { known: 'PULLED', desired: 'RUNNING', deps: dep('START', 'NONE'), want: advance('CREATED'), why: 'dependsOn gates the start, not the create' },
  // ---- COMPLETE ----
  { known: 'CREATED', desired: 'RUNNING', deps: dep('COMPLETE', 'RUNNING'), want: blocked, why: 'dependency still running' },
  { known: 'CREATED', desired: 'RUNNING', deps: dep('COMPLETE', 'STOPPED', { exitCode: 1 }), want: advance('RUNNING'), why: 'COMPLETE accepts any exit code' },
  { known: 'CREATED', desired: 'RUNNING', deps: dep('COMPLETE', 'STOPPED', { started: false }), want: fail, why: 'it never ran, so it cannot complete' },
  // ---- SUCCESS ----
  { known: 'CREATED', desired: 'RUNNING', deps: dep('SUCCESS', 'RUNNING'), want: blocked, why: 'dependency still running' },
  { known: 'CREATED', desired: 'RUNNING', deps: dep('SUCCESS', 'STOPPED', { exitCode: 0 }), want: advance('RUNNING'), why: 'exited 0' },
  { known: 'CREATED', desired: 'RUNNING', deps: dep('SUCCESS', 'STOPPED', { exitCode: 2 }), want: fail, why: 'exited non-zero: SUCCESS can never be met' },
  // ---- HEALTHY ----
  { known: 'CREATED', desired: 'RUNNING', deps: dep('HEALTHY', 'RUNNING'), want: blocked, why: 'running, health not yet known' },
  { known: 'CREATED', desired: 'RUNNING', deps: dep('HEALTHY', 'RUNNING', { health: 'UNHEALTHY' }), want: blocked, why: 'unhealthy may still turn healthy: wait (startTimeout bounds it)' },
  { known: 'CREATED', desired: 'RUNNING', deps: dep('HEALTHY', 'RUNNING', { health: 'HEALTHY' }), want: advance('RUNNING'), why: 'healthy' },
  { known: 'CREATED', desired: 'RUNNING', deps: dep('HEALTHY', 'STOPPED'), want: fail, why: 'stopped before it was healthy: never' },
  // ---- startTimeout ----
  { known: 'CREATED', desired: 'RUNNING', deps: { ...dep('HEALTHY', 'RUNNING'), waitedMs: 999, startTimeoutMs: 1000 }, want: blocked, why: 'still within startTimeout' },
  { known: 'CREATED', desired: 'RUNNING', deps: { ...dep('HEALTHY', 'RUNNING'), waitedMs: 1000, startTimeoutMs: 1000 }, want: fail, why: 'startTimeout passed: the dependent fails' },
  { known: 'CREATED', desired: 'RUNNING', deps: { ...dep('HEALTHY', 'RUNNING', { health: 'HEALTHY' }), waitedMs: 5000, startTimeoutMs: 1000 }, want: advance('RUNNING'), why: 'met, however late it is looked at' },
  { known: 'PULLED', desired: 'RUNNING', deps: { ...dep('CREATED', 'PULLED'), waitedMs: 5000, startTimeoutMs: 1000 }, want: blocked, why: 'startTimeout is for dependsOn, not for a sibling being created' },
  { known: 'RUNNING', desired: 'RUNNING', deps: { ...dep('HEALTHY', 'STOPPED'), waitedMs: 5000, startTimeoutMs: 1000 }, want: none, why: 'already running: its dependencies no longer matter' },
  // ---- restartPolicy: an exit the policy allows is never folded in; the container is started again ----
  { known: 'RUNNING', desired: 'RUNNING', restarting: true, want: advance('RUNNING'), why: 'exited and its policy allows: started again in place' },
  { known: 'RUNNING', desired: 'RUNNING', restarting: true, deps: dep('HEALTHY', 'RUNNING'), want: advance('RUNNING'), why: 'a restart waits for no dependency: they were met when it first started' },
  { known: 'RUNNING', desired: 'STOPPED', restarting: true, want: advance('STOPPED'), why: 'its task is stopping: stopped (its exit is then folded in), not restarted' },
  { known: 'CREATED', desired: 'RUNNING', restarting: true, deps: dep('START', 'CREATED'), want: blocked, why: 'exited before the agent saw it run: the start waits as a first start does' },
]

describe('nextState: the (known × desired × dependency) matrix', () => {
  for (const [i, r] of rows.entries()) {
    it(`${i}: ${r.known} → desired ${r.desired}: ${r.why}`, () => {
      const got = nextState({ known: r.known, desired: r.desired, restarting: r.restarting ?? false }, r.deps ?? free)
      if (r.want === blocked || r.want === fail) assert.equal(got.kind, r.want.kind, JSON.stringify(got))
      else assert.deepEqual(got, r.want)
    })
  }

  it('says what it waits on and why a dependency can never be met', () => {
    assert.deepEqual(nextState({ known: 'CREATED', desired: 'RUNNING' }, dep('HEALTHY', 'RUNNING')), { kind: 'blocked', on: 'dep', reason: "waits for 'dep' to reach HEALTHY" })
    assert.deepEqual(nextState({ known: 'CREATED', desired: 'RUNNING' }, dep('SUCCESS', 'STOPPED', { exitCode: 2 })), {
      kind: 'fail',
      on: 'dep',
      reason: "Dependency 'dep' exited with code 2, so condition SUCCESS cannot be met",
    })
    assert.deepEqual(nextState({ known: 'CREATED', desired: 'RUNNING' }, { ...dep('START', 'CREATED'), waitedMs: 3000, startTimeoutMs: 2000 }), {
      kind: 'fail',
      on: 'dep',
      reason: "Dependency 'dep' did not reach START within its startTimeout of 2 s",
    })
  })
})
