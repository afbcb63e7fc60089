import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { nextHealth, type HealthEvent, type HealthRecord, type ProbeResult, type TargetHealth } from './health-state.js'

const ok: ProbeResult = { ok: true, status: 200 }
const code503: ProbeResult = { ok: false, failure: 'code-mismatch', status: 503 }
const code404: ProbeResult = { ok: false, failure: 'code-mismatch', status: 404 }
const timeout: ProbeResult = { ok: false, failure: 'timeout' }
const refused: ProbeResult = { ok: false, failure: 'connection', message: 'ECONNREFUSED' }
const probe = (r: ProbeResult): HealthEvent => ({ kind: 'probed', result: r })
const reg: HealthEvent = { kind: 'registered' }
const probing: HealthEvent = { kind: 'probing' }
/** Registered and brought to healthy (threshold 3). */
const up: HealthEvent[] = [reg, probing, probe(ok), probe(ok), probe(ok)]

/** Runs events from nothing with thresholds healthy 3, unhealthy 2. */
function run(events: HealthEvent[]): TargetHealth {
  let r: HealthRecord | undefined
  for (const e of events) r = nextHealth(r, e, { healthy: 3, unhealthy: 2 })
  const { state, reason, description } = r!
  return { state, ...(reason ? { reason } : {}), ...(description ? { description } : {}) }
}

describe('target health state machine (healthy threshold 3, unhealthy threshold 2)', () => {
  const initialChecking: TargetHealth = { state: 'initial', reason: 'Elb.InitialHealthChecking', description: 'Initial health checks in progress' }
  const rows: { events: HealthEvent[]; want: TargetHealth; why: string }[] = [
    { events: [reg], want: { state: 'initial', reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress' }, why: 'registered, no probe yet' },
    { events: [reg, probing], want: initialChecking, why: 'first probe out' },
    { events: [reg, probing, probe(ok), probe(ok)], want: initialChecking, why: 'two passes are below the healthy threshold (Berth follows what users observe, not the guide\'s "one")' },
    { events: [reg, probing, probe(ok), probe(ok), probe(ok)], want: { state: 'healthy' }, why: 'healthyThreshold passes make a new target healthy' },
    { events: [reg, probing, probe(code503)], want: initialChecking, why: 'one failure is below the unhealthy threshold' },
    { events: [reg, probing, probe(code503), probe(code503)], want: { state: 'unhealthy', reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [503]' }, why: 'initial fails the threshold' },
    { events: [reg, probing, probe(ok), probe(code503), probe(ok), probe(ok)], want: initialChecking, why: 'initial: passes must be consecutive' },
    { events: [...up, probe(timeout)], want: { state: 'healthy' }, why: 'healthy survives one failure' },
    { events: [...up, probe(timeout), probe(timeout)], want: { state: 'unhealthy', reason: 'Target.Timeout', description: 'Request timed out' }, why: 'two consecutive failures' },
    { events: [...up, probe(timeout), probe(ok), probe(timeout)], want: { state: 'healthy' }, why: 'failures must be consecutive' },
    { events: [...up, probe(refused), probe(refused)], want: { state: 'unhealthy', reason: 'Target.FailedHealthChecks', description: 'Health checks failed' }, why: 'connection refused' },
    { events: [reg, probing, probe(code503), probe(code503), probe(code404)], want: { state: 'unhealthy', reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [404]' }, why: 'the reason follows the latest failure' },
    { events: [reg, probing, probe(code503), probe(code503), probe(ok), probe(ok)], want: { state: 'unhealthy', reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [503]' }, why: 'two passes are below the healthy threshold of 3' },
    { events: [reg, probing, probe(code503), probe(code503), probe(ok), probe(ok), probe(ok)], want: { state: 'healthy' }, why: 'three consecutive passes bring it back' },
    { events: [reg, probing, probe(code503), probe(code503), probe(ok), probe(ok), probe(code503), probe(ok), probe(ok)], want: { state: 'unhealthy', reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [503]' }, why: 'passes must be consecutive' },
    { events: [...up, { kind: 'deregistered' }], want: { state: 'draining', reason: 'Target.DeregistrationInProgress', description: 'Target deregistration is in progress' }, why: 'deregistered' },
    { events: [...up, { kind: 'deregistered' }, probe(code503), probe(code503)], want: { state: 'draining', reason: 'Target.DeregistrationInProgress', description: 'Target deregistration is in progress' }, why: 'a late probe does not touch a draining target' },
    { events: [reg, { kind: 'not-in-use' }], want: { state: 'unused', reason: 'Target.NotInUse', description: 'Target group is not configured to receive traffic from the load balancer' }, why: 'group used by no listener' },
    { events: [...up, { kind: 'deregistered' }, reg], want: { state: 'initial', reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress' }, why: 'registered again: checked from scratch' },
    { events: [reg, { kind: 'checks-disabled' }], want: { state: 'unavailable', reason: 'Target.HealthCheckDisabled', description: 'Health checks are disabled' }, why: 'checks disabled' },
  ]
  for (const { events, want, why } of rows) it(why, () => assert.deepEqual(run(events), want))

  it('a healthy target passing again keeps the same record (no change to report)', () => {
    const t = { healthy: 3, unhealthy: 2 }
    const healthy = up.reduce<HealthRecord | undefined>((r, e) => nextHealth(r, e, t), undefined)!
    assert.equal(healthy.state, 'healthy')
    assert.equal(nextHealth(healthy, probe(ok), t), healthy)
  })
})
