import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TaskDesiredStatus } from '../../core/status.js'
import { exitVerdict, restartDecision, restartPolicyPlan, type ExitVerdict, type RestartView } from './restart-policy.js'

const S = 1000
const policy = restartPolicyPlan({ enabled: true, ignoredExitCodes: [0], restartAttemptPeriod: 60 })

describe('restartPolicyPlan', () => {
  it('is absent unless enabled, and defaults the period to 300 s', () => {
    assert.equal(restartPolicyPlan(undefined), undefined)
    assert.equal(restartPolicyPlan({ enabled: false, restartAttemptPeriod: 60 }), undefined)
    assert.deepEqual(restartPolicyPlan({ enabled: true }), { ignoredExitCodes: [], attemptPeriodMs: 300 * S })
  })
})

describe('restartDecision (the ECS agent’s ShouldRestart)', () => {
  const rows: { why: string; exitCode: number | undefined; ranMs: number; desired?: TaskDesiredStatus; want: boolean }[] = [
    { why: 'exited after running the whole period', exitCode: 1, ranMs: 60 * S, want: true },
    { why: 'long after it', exitCode: 137, ranMs: 3600 * S, want: true },
    { why: 'a moment short of the period: a crash loop is not restarted', exitCode: 1, ranMs: 60 * S - 1, want: false },
    { why: 'an ignored exit code (0 here) is left stopped', exitCode: 0, ranMs: 3600 * S, want: false },
    { why: 'the task is stopping: nothing restarts', exitCode: 1, ranMs: 3600 * S, desired: 'STOPPED', want: false },
    { why: 'no exit code known', exitCode: undefined, ranMs: 3600 * S, want: false },
  ]
  for (const r of rows) {
    it(r.why, () => {
      const d = restartDecision(policy, { exitCode: r.exitCode, lastStartAt: 1_000_000, now: 1_000_000 + r.ranMs, desired: r.desired ?? 'RUNNING' })
      assert.equal(d.restart, r.want, JSON.stringify(d))
    })
  }
  it('says why not', () => {
    const d = restartDecision(policy, { exitCode: 1, lastStartAt: 0, now: 59 * S, desired: 'RUNNING' })
    assert.deepEqual(d, { restart: false, why: 'it ran 59 s since it last started, less than its restartAttemptPeriod of 60 s' })
  })
  it('restarts nothing without a policy', () => assert.equal(restartDecision(undefined, { exitCode: 1, lastStartAt: 0, now: 3600 * S, desired: 'RUNNING' }).restart, false))
})

describe('exitVerdict: what an observation of a container with a policy means', () => {
  const T0 = 1_000_000
  const view = (over: Partial<RestartView> = {}): RestartView => ({ policy, known: 'RUNNING', runningSince: T0, ...over })
  const exited = (startedAt: number, exitCode = 1) => ({ state: 'exited' as const, startedAt, exitCode })
  const restart = (runStartedAt: number, exitCode = 1): ExitVerdict => ({ kind: 'restart', restarting: { runStartedAt, exitCode } })
  const rows: { why: string; c: RestartView; o: ReturnType<typeof exited> | { state: 'running'; startedAt: number }; now: number; desired?: TaskDesiredStatus; want: ExitVerdict['kind'] | ExitVerdict }[] = [
    { why: 'the first exit, after the period since the agent saw it run', c: view(), o: exited(T0), now: T0 + 60 * S, want: restart(T0) },
    { why: 'too soon after it started', c: view(), o: exited(T0), now: T0 + 59 * S, want: 'fold' },
    { why: 'the period counts from the last restart, not the first start', c: view({ lastRestartAt: T0 + 100 * S }), o: exited(T0 + 100 * S), now: T0 + 130 * S, want: 'fold' },
    { why: 'a later exit after a full period since the last restart', c: view({ lastRestartAt: T0 + 100 * S }), o: exited(T0 + 100 * S), now: T0 + 160 * S, want: restart(T0 + 100 * S) },
    { why: 'the exit being restarted, seen again before the restart shows', c: view({ restarting: { runStartedAt: T0, exitCode: 1 } }), o: exited(T0), now: T0 + 61 * S, want: 'await-restart' },
    { why: 'the same exit once the task is stopping: folded in', c: view({ restarting: { runStartedAt: T0, exitCode: 1 } }), o: exited(T0), now: T0 + 61 * S, desired: 'STOPPED', want: 'fold' },
    { why: 'it runs again: nothing to decide', c: view({ restarting: { runStartedAt: T0, exitCode: 1 } }), o: { state: 'running', startedAt: T0 + 61 * S }, now: T0 + 61 * S, want: 'fold' },
    { why: 'without a policy every exit is folded in', c: view({ policy: undefined }), o: exited(T0), now: T0 + 3600 * S, want: 'fold' },
    { why: 'a container already STOPPED stays so', c: view({ known: 'STOPPED' }), o: exited(T0), now: T0 + 3600 * S, want: 'fold' },
    { why: 'never seen running (adopted after an agent restart): the run’s own start counts', c: view({ runningSince: undefined, known: 'CREATED' }), o: exited(T0 - 120 * S), now: T0, want: restart(T0 - 120 * S) },
  ]
  for (const r of rows) {
    it(r.why, () => {
      const got = exitVerdict(r.c, r.o, r.desired ?? 'RUNNING', r.now)
      if (typeof r.want === 'string') assert.equal(got.kind, r.want, JSON.stringify(got))
      else assert.deepEqual(got, r.want)
    })
  }
})
