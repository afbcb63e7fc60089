import assert from 'node:assert/strict'
import type { ServerResponse } from 'node:http'
import { after, before, describe, it } from 'node:test'
import type { TargetGroupConfig } from './config.js'
import type { TargetHealth } from './health-state.js'
import { config, get, healthCheck, startBackend, startPlane, target, targetGroup, tgArn, type Backend, type Plane } from './test/harness.js'

/**
 * Health checks on ManualTimers against real backends: each probe goes out when the test
 * moves the clock, and `healthChecksIdle()` says when its result is in. Manual time jumps:
 * one `advance` across a probe's send and its timeout would time it out before the backend
 * could answer, so `elapse` moves one second at a time and lets each probe's answer in; only
 * the timeout test jumps past a probe that hangs on purpose.
 * Thresholds: healthy 2, unhealthy 2; interval 30 s, timeout 5 s.
 */

type Mode = number | 'hang'

describe('active health checks', () => {
  const modes: Record<string, Mode> = { a: 200, b: 200 }
  const hits: Record<string, number> = { a: 0, b: 0 }
  const hung: ServerResponse[] = []
  const backends: Record<string, Backend> = {}
  let p: Plane
  const arn = tgArn('web')
  const checks = healthCheck({ enabled: true, path: '/health', matcher: '200-299', healthyThreshold: 2, unhealthyThreshold: 2, intervalSeconds: 30, timeoutSeconds: 5 })
  const group = (names: string[]): TargetGroupConfig => targetGroup('web', names.map((n) => target(backends[n]!)), { healthCheck: checks })
  const healthOf = (name: string): TargetHealth | undefined => p.plane.health(arn).find((t) => t.port === backends[name]!.port)?.health
  /** Moves the clock by `ms`, a second at a time, each probe sent on the way answered before the next second. */
  const elapse = async (ms: number) => {
    for (let t = 0; t < ms; t += 1000) {
      p.timers.advance(1000)
      await p.plane.healthChecksIdle()
    }
  }
  const nextInterval = () => elapse(30_000)

  before(async () => {
    for (const name of ['a', 'b']) {
      backends[name] = await startBackend(name, (req, res) => {
        req.resume()
        if (req.url !== '/health') return void res.end(name)
        hits[name]!++
        assert.equal(req.headers['user-agent'], 'ELB-HealthChecker/2.0')
        const mode = modes[name]!
        if (mode === 'hang') hung.push(res)
        else res.writeHead(mode).end()
      })
    }
    p = await startPlane(config([group(['a'])]))
    await p.plane.healthChecksIdle()
  })
  after(async () => {
    for (const r of hung) r.destroy()
    await p.close()
    await Promise.all(Object.values(backends).map((b) => b.close()))
  })

  it('probes a new target at once; one pass is not yet the healthy threshold', () => {
    assert.equal(hits['a'], 1)
    assert.deepEqual(healthOf('a'), { state: 'initial', reason: 'Elb.InitialHealthChecking', description: 'Initial health checks in progress' })
  })

  it('a group with no healthy target yet fails open to its initial targets', async () => {
    assert.equal((await get(p.port, '/')).body.toString(), 'a')
  })

  it('healthy after the second consecutive pass, one interval later', async () => {
    await nextInterval()
    assert.equal(hits['a'], 2)
    assert.deepEqual(healthOf('a'), { state: 'healthy' })
  })

  it('apply with the same configuration neither re-probes nor moves the schedule', async () => {
    const pending = p.timers.pending
    await p.apply(config([group(['a'])]))
    await p.plane.healthChecksIdle()
    assert.equal(hits['a'], 2)
    assert.equal(p.timers.pending, pending)
  })

  it('two consecutive 503s make it unhealthy, in ELB\'s words', async () => {
    modes['a'] = 503
    await nextInterval()
    assert.deepEqual(healthOf('a'), { state: 'healthy' }, 'one failure is not enough')
    await nextInterval()
    assert.deepEqual(healthOf('a'), { state: 'unhealthy', reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [503]' })
  })

  it('the only target unhealthy: requests still reach it (fail open)', async () => {
    assert.equal((await get(p.port, '/')).body.toString(), 'a')
  })

  it('no answer within the timeout: Target.Timeout', async () => {
    modes['a'] = 'hang'
    p.timers.advance(30_000) // the probe goes out and hangs
    p.timers.advance(5_000) // its timeout
    await p.plane.healthChecksIdle()
    assert.deepEqual(healthOf('a'), { state: 'unhealthy', reason: 'Target.Timeout', description: 'Request timed out' })
    modes['a'] = 503
  })

  it('a second target: initial while a is unhealthy, both routed; once healthy, only it', async () => {
    await p.apply(config([group(['a', 'b'])]))
    await p.plane.healthChecksIdle()
    assert.equal(healthOf('b')?.state, 'initial')
    const before = new Set<string>()
    for (let i = 0; i < 4; i++) before.add((await get(p.port, '/')).body.toString())
    assert.deepEqual([...before].sort(), ['a', 'b'], 'no healthy target: all of them')
    // b passes its second check one interval on; a keeps failing.
    await nextInterval()
    assert.deepEqual(healthOf('b'), { state: 'healthy' })
    for (let i = 0; i < 4; i++) assert.equal((await get(p.port, '/')).body.toString(), 'b')
  })

  it('a target that comes back needs healthyThreshold consecutive passes', async () => {
    modes['a'] = 204 // within 200-299
    await nextInterval()
    assert.equal(healthOf('a')?.state, 'unhealthy', 'one pass')
    await nextInterval()
    assert.deepEqual(healthOf('a'), { state: 'healthy' })
  })

  it('reported every change to the control plane, in order, without repeats', () => {
    const aChanges = p.changes.filter((c) => c.target.port === backends['a']!.port).map((c) => `${c.health.state} ${c.health.description ?? ''}`.trim())
    assert.deepEqual(aChanges, [
      'initial Initial health checks in progress',
      'healthy',
      'unhealthy Health checks failed with these codes: [503]',
      'unhealthy Request timed out',
      'unhealthy Health checks failed with these codes: [503]',
      'healthy',
    ])
    for (const c of p.changes) assert.equal(c.targetGroupArn, arn)
  })

  it('a group no listener uses: unused, and no probes', async () => {
    const before = hits['a']!
    const other = targetGroup('spare', [target(backends['a']!)], { healthCheck: checks })
    await p.apply({ ...config([group(['a', 'b'])]), targetGroups: [group(['a', 'b']), other] })
    await nextInterval()
    assert.deepEqual(p.plane.health(other.arn)[0]?.health, { state: 'unused', reason: 'Target.NotInUse', description: 'Target group is not configured to receive traffic from the load balancer' })
    assert.equal(hits['a']! - before, 1, 'only web\'s probe of a, none for spare')
  })

  it('deregistered: draining, and its checks stop', async () => {
    const before = hits['b']!
    await p.apply(config([targetGroup('web', [target(backends['a']!), target(backends['b']!, 'draining')], { healthCheck: checks })]))
    assert.deepEqual(healthOf('b'), { state: 'draining', reason: 'Target.DeregistrationInProgress', description: 'Target deregistration is in progress' })
    await nextInterval()
    await nextInterval()
    assert.equal(hits['b'], before)
  })
})
