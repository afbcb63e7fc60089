import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TargetHealthState } from './health-state.js'
import { entersSlowStart, pickSmoothWeighted, pickWeighted, routableTargets, selectTarget, slowStartWeight, type SelectableTarget, type SelectionPolicy } from './selection.js'

interface T extends SelectableTarget {
  name: string
}
const t = (name: string, health: TargetHealthState = 'healthy', over: Partial<SelectableTarget> = {}): T => ({ name, health, inFlight: 0, slowStartSince: undefined, swrrCurrent: 0, ...over })
const names = (ts: readonly T[]) => ts.map((x) => x.name)
const rr: SelectionPolicy = { algorithm: 'round_robin', slowStartMs: 0, slowStartEndsAt: 0 }

describe('routable targets (fail open)', () => {
  const rows: { targets: T[]; want: string[]; why: string }[] = [
    { targets: [t('a'), t('b', 'unhealthy'), t('c', 'initial')], want: ['a'], why: 'healthy ones only' },
    { targets: [t('a', 'unhealthy'), t('b', 'unhealthy')], want: ['a', 'b'], why: 'only unhealthy registered targets: all of them (fail open)' },
    { targets: [t('a', 'unhealthy'), t('b', 'draining')], want: ['a'], why: 'fail open never includes draining targets' },
    { targets: [t('a', 'initial'), t('b', 'initial')], want: ['a', 'b'], why: 'nothing healthy yet: the initial ones (fail open includes them)' },
    { targets: [t('a', 'initial'), t('b', 'unhealthy')], want: ['a', 'b'], why: 'no healthy target: all of them' },
    { targets: [t('a', 'initial'), t('b')], want: ['b'], why: 'one healthy: initial targets wait' },
    { targets: [t('a', 'draining')], want: [], why: 'only draining: 503' },
    { targets: [t('a', 'unavailable'), t('b', 'unused')], want: ['a'], why: 'checks disabled count as routable; unused do not' },
    { targets: [], want: [], why: 'empty group' },
  ]
  for (const { targets, want, why } of rows) it(why, () => assert.deepEqual(names(routableTargets(targets)), want))

  const four = [t('a'), t('b', 'unhealthy'), t('c', 'unhealthy'), t('d', 'initial')]
  const minimums = [
    { min: { count: 1, percentage: 'off' as const }, want: ['a'], why: 'count 1 (default): the healthy one' },
    { min: { count: 2, percentage: 'off' as const }, want: ['a', 'b', 'c', 'd'], why: 'count 2 with 1 healthy: fail open' },
    { min: { count: 1, percentage: 50 }, want: ['a', 'b', 'c', 'd'], why: 'percentage 50 with 25 % healthy: fail open' },
    { min: { count: 1, percentage: 25 }, want: ['a'], why: 'percentage 25 with 25 % healthy: enough' },
  ]
  for (const { min, want, why } of minimums) it(`minimum healthy: ${why}`, () => assert.deepEqual(names(routableTargets(four, min)), want))
})

describe('weighted target-group choice', () => {
  const rows: { weights: number[]; random: number; want: number; why: string }[] = [
    { weights: [1, 3], random: 0, want: 0, why: 'start of the first share' },
    { weights: [1, 3], random: 0.2499, want: 0, why: 'end of the first share' },
    { weights: [1, 3], random: 0.25, want: 1, why: 'start of the second' },
    { weights: [0, 5], random: 0, want: 1, why: 'weight 0 gets nothing' },
    { weights: [90, 10], random: 0.95, want: 1, why: 'a 90/10 canary' },
    { weights: [0, 0], random: 0.5, want: -1, why: 'all zero: none' },
    { weights: [999, 1], random: 0.99999999, want: 1, why: 'the top of the range' },
  ]
  for (const { weights, random, want, why } of rows) {
    it(why, () => assert.equal(pickWeighted(weights.map((weight) => ({ weight })), weights.reduce((a, b) => a + b, 0), random), want))
  }
})

describe('target choice', () => {
  it('round robin cycles through the routable targets', () => {
    const ts = [t('a'), t('b'), t('c')]
    const cursor = { next: 0 }
    assert.deepEqual(Array.from({ length: 7 }, () => selectTarget(ts, rr, cursor, 0)!.name), ['a', 'b', 'c', 'a', 'b', 'c', 'a'])
  })

  it('least outstanding requests: fewest in flight, ties in turn', () => {
    const lor: SelectionPolicy = { algorithm: 'least_outstanding_requests', slowStartMs: 0, slowStartEndsAt: 0 }
    const ts = [t('a', 'healthy', { inFlight: 3 }), t('b', 'healthy', { inFlight: 1 }), t('c', 'healthy', { inFlight: 1 })]
    const cursor = { next: 0 }
    assert.equal(selectTarget(ts, lor, cursor, 0)!.name, 'b')
    assert.equal(selectTarget(ts, lor, cursor, 0)!.name, 'c', 'b and c tie: the next one after the last pick')
    const idle = [t('x'), t('y')]
    const c2 = { next: 0 }
    assert.deepEqual([0, 1, 2, 3].map(() => selectTarget(idle, lor, c2, 0)!.name), ['x', 'y', 'x', 'y'])
  })

  it('empty: no target', () => assert.equal(selectTarget([], rr, { next: 0 }, 0), undefined))
})

describe('slow start', () => {
  const rows = [
    { elapsed: 0, want: 1, why: 'just healthy: the smallest share, not none' },
    { elapsed: 15_000, want: 250, why: 'a quarter of the way' },
    { elapsed: 30_000, want: 500, why: 'half way' },
    { elapsed: 60_000, want: 1000, why: 'over: full share' },
  ]
  for (const { elapsed, want, why } of rows) it(`weight ${why}`, () => assert.equal(slowStartWeight(t('a', 'healthy', { slowStartSince: 0 }), 60_000, elapsed), want))

  it('half-way through slow start, a new target gets 1 request in 3 against a full one, interleaved', () => {
    const full = t('full')
    const warming = t('new', 'healthy', { slowStartSince: 0 })
    const picks = Array.from({ length: 6 }, () => pickSmoothWeighted([full, warming], 60_000, 30_000).name)
    assert.deepEqual(picks, ['full', 'new', 'full', 'full', 'new', 'full'])
  })

  it('selectTarget weighs by ramp only while some target is in slow start', () => {
    const policy: SelectionPolicy = { algorithm: 'round_robin', slowStartMs: 60_000, slowStartEndsAt: 60_000 }
    const ts = [t('full'), t('new', 'healthy', { slowStartSince: 0 })]
    const during = Array.from({ length: 100 }, () => selectTarget(ts, policy, { next: 0 }, 6_000)!.name).filter((n) => n === 'new').length
    assert.equal(during, 9, '6 s into 60: weight 100 against 1000, so 100/1100 of 100 picks')
    const cursor = { next: 0 }
    assert.deepEqual([0, 1, 2, 3].map(() => selectTarget(ts, policy, cursor, 60_000)!.name), ['full', 'new', 'full', 'new'])
  })

  const entering = [
    { others: [t('b')], ms: 30_000, want: true, why: 'another healthy target at full share' },
    { others: [], ms: 30_000, want: false, why: 'the only target: no slow start' },
    { others: [t('b', 'healthy', { slowStartSince: 0 })], ms: 30_000, want: false, why: 'the others are in slow start themselves' },
    { others: [t('b', 'unhealthy')], ms: 30_000, want: false, why: 'no healthy other' },
    { others: [t('b')], ms: 0, want: false, why: 'slow start off' },
  ]
  for (const { others, ms, want, why } of entering) it(`enters: ${why}`, () => assert.equal(entersSlowStart(others, ms, 10_000), want))
})
