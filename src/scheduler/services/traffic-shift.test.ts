import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { DeploymentSettings, TrafficShiftRecord } from '../../core/model/service.js'
import { forwardWeights, nextTrafficShift, productionSteps, rolledBackShift, ruleWeights, stepBakeMs } from './traffic-shift.js'

const MIN = 60_000
const base: DeploymentSettings = { maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: false, rollback: false }, strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 }
const linear = (stepPercent: number, stepBakeTimeInMinutes = 6): DeploymentSettings => ({ ...base, strategy: 'LINEAR', linearConfiguration: { stepPercent, stepBakeTimeInMinutes } })
const canary = (canaryPercent: number, canaryBakeTimeInMinutes = 10): DeploymentSettings => ({ ...base, strategy: 'CANARY', canaryConfiguration: { canaryPercent, canaryBakeTimeInMinutes } })
const state = (over: Partial<TrafficShiftRecord> = {}): TrafficShiftRecord => ({
  productionRuleArn: 'rule/prod',
  blueTargetGroupArn: 'tg/blue',
  greenTargetGroupArn: 'tg/green',
  stage: 'PRE_SCALE_UP',
  productionWeight: 0,
  testWeight: 0,
  stageSince: 0,
  ...over,
})

describe('productionSteps: green shares each strategy moves through', () => {
  const cases: [string, DeploymentSettings, number[]][] = [
    ['BLUE_GREEN: all at once', base, [100]],
    ['LINEAR 10', linear(10), [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]],
    ['LINEAR 33: the last step clamped to 100', linear(33), [33, 66, 99, 100]],
    ['LINEAR 3.3: tenths, no float drift', linear(3.3), [...Array.from({ length: 30 }, (_, i) => Math.round((i + 1) * 33) / 10), 100]],
    ['LINEAR 100: one step', linear(100), [100]],
    ['LINEAR 60', linear(60), [60, 100]],
    ['CANARY 5', canary(5), [5, 100]],
    ['CANARY 0.1', canary(0.1), [0.1, 100]],
    ['CANARY 100: one step', canary(100), [100]],
  ]
  for (const [name, settings, steps] of cases) it(name, () => assert.deepEqual(productionSteps(settings), steps))
  it('bakes between steps: LINEAR stepBake, CANARY canaryBake, BLUE_GREEN none', () => {
    assert.equal(stepBakeMs(linear(10, 6)), 6 * MIN)
    assert.equal(stepBakeMs(canary(5, 10)), 10 * MIN)
    assert.equal(stepBakeMs(base), 0)
  })
})

/** Runs the stages with green always ready, as the scheduler would: at each wakeAt. Returns (stage, weight, at). */
function walk(settings: DeploymentSettings, first = state()): [string, number, number][] {
  let s = first
  let now = 1_000
  const seen: [string, number, number][] = []
  for (let i = 0; i < 200 && s.stage !== 'CLEAN_UP'; i++) {
    const d = nextTrafficShift({ state: s, settings, greenReady: true, now })
    if (d.state !== s) seen.push([d.state.stage, d.state.productionWeight, now - 1_000])
    s = d.state
    assert.ok(d.wakeAt !== undefined && d.wakeAt >= now, `a shift in progress always says when to look again (${s.stage})`)
    now = d.wakeAt
  }
  return seen
}

describe('nextTrafficShift: stages in order, bakes through wakeAt', () => {
  it('BLUE_GREEN: scale up, 100 at once, bake, clean up', () => {
    assert.deepEqual(walk(base), [
      ['SCALE_UP', 0, 0],
      ['POST_SCALE_UP', 0, 0],
      ['PRODUCTION_TRAFFIC_SHIFT', 100, 0],
      ['POST_PRODUCTION_TRAFFIC_SHIFT', 100, 0],
      ['BAKE_TIME', 100, 0],
      ['CLEAN_UP', 100, 5 * MIN],
    ])
  })
  it('BLUE_GREEN with a test rule: test traffic first', () => {
    const seen = walk(base, state({ testRuleArn: 'rule/test' }))
    assert.deepEqual(seen.map(([s]) => s), [
      'SCALE_UP', 'POST_SCALE_UP', 'TEST_TRAFFIC_SHIFT', 'POST_TEST_TRAFFIC_SHIFT', 'PRODUCTION_TRAFFIC_SHIFT', 'POST_PRODUCTION_TRAFFIC_SHIFT', 'BAKE_TIME', 'CLEAN_UP',
    ])
  })
  it('LINEAR 33 with 2-minute steps: three waits, none after 100, then the bake', () => {
    assert.deepEqual(walk({ ...linear(33, 2), bakeTimeInMinutes: 1 }), [
      ['SCALE_UP', 0, 0],
      ['POST_SCALE_UP', 0, 0],
      ['PRODUCTION_TRAFFIC_SHIFT', 33, 0],
      ['PRODUCTION_TRAFFIC_SHIFT', 66, 2 * MIN],
      ['PRODUCTION_TRAFFIC_SHIFT', 99, 4 * MIN],
      ['PRODUCTION_TRAFFIC_SHIFT', 100, 6 * MIN],
      ['POST_PRODUCTION_TRAFFIC_SHIFT', 100, 6 * MIN],
      ['BAKE_TIME', 100, 6 * MIN],
      ['CLEAN_UP', 100, 7 * MIN],
    ])
  })
  it('CANARY 5 with a 10-minute canary bake and no final bake', () => {
    assert.deepEqual(walk({ ...canary(5, 10), bakeTimeInMinutes: 0 }), [
      ['SCALE_UP', 0, 0],
      ['POST_SCALE_UP', 0, 0],
      ['PRODUCTION_TRAFFIC_SHIFT', 5, 0],
      ['PRODUCTION_TRAFFIC_SHIFT', 100, 10 * MIN],
      ['POST_PRODUCTION_TRAFFIC_SHIFT', 100, 10 * MIN],
      ['BAKE_TIME', 100, 10 * MIN],
      ['CLEAN_UP', 100, 10 * MIN],
    ])
  })
  it('waits for green before any traffic moves, and before each further step', () => {
    const scaling = state({ stage: 'SCALE_UP' })
    assert.deepEqual(nextTrafficShift({ state: scaling, settings: base, greenReady: false, now: 5 }), { state: scaling })
    const canaryStep = state({ stage: 'PRODUCTION_TRAFFIC_SHIFT', productionWeight: 5, stageSince: 0 })
    const due = nextTrafficShift({ state: canaryStep, settings: canary(5, 10), greenReady: false, now: 10 * MIN })
    assert.equal(due.state, canaryStep, 'the canary bake is over, but green is not healthy: no step')
  })
  it('waits out a step bake and the bake time with wakeAt, not by moving', () => {
    const step = state({ stage: 'PRODUCTION_TRAFFIC_SHIFT', productionWeight: 10, stageSince: 1_000 })
    assert.deepEqual(nextTrafficShift({ state: step, settings: linear(10, 6), greenReady: true, now: 2_000 }), { state: step, wakeAt: 1_000 + 6 * MIN })
    const baking = state({ stage: 'BAKE_TIME', productionWeight: 100, stageSince: 1_000 })
    assert.deepEqual(nextTrafficShift({ state: baking, settings: base, greenReady: true, now: 2_000 }), { state: baking, wakeAt: 1_000 + 5 * MIN })
  })
  it('RECONCILE_SERVICE: held while another revision still runs, then PRE_SCALE_UP', () => {
    const reconciling = state({ stage: 'RECONCILE_SERVICE', stageSince: 0 })
    assert.deepEqual(nextTrafficShift({ state: reconciling, settings: base, greenReady: false, othersLive: true, now: 24 * 60 * MIN }), { state: reconciling })
    const d = nextTrafficShift({ state: reconciling, settings: base, greenReady: false, othersLive: false, now: 7 })
    assert.deepEqual([d.state.stage, d.state.stageSince, d.wakeAt], ['PRE_SCALE_UP', 7, 7])
  })
  it('SCALE_UP and POST_SCALE_UP wait for green; a POST_ stage with green ready lasts one pass', () => {
    const post = state({ stage: 'POST_SCALE_UP' })
    assert.deepEqual(nextTrafficShift({ state: post, settings: base, greenReady: false, now: 5 }), { state: post })
    const postTest = state({ stage: 'POST_TEST_TRAFFIC_SHIFT', testRuleArn: 'rule/test', testWeight: 100 })
    assert.deepEqual(nextTrafficShift({ state: postTest, settings: base, greenReady: false, now: 5 }), { state: postTest })
    assert.equal(nextTrafficShift({ state: postTest, settings: base, greenReady: true, now: 5 }).state.stage, 'PRODUCTION_TRAFFIC_SHIFT')
  })
  it('CLEAN_UP moves no further (the rolling step drains blue)', () => {
    const done = state({ stage: 'CLEAN_UP', productionWeight: 100 })
    assert.deepEqual(nextTrafficShift({ state: done, settings: base, greenReady: true, now: 9 }), { state: done })
  })
})

describe('rollback and weights', () => {
  it('a rollback puts production and test traffic back on blue at once', () => {
    const mid = state({ stage: 'PRODUCTION_TRAFFIC_SHIFT', productionWeight: 40, testWeight: 100, testRuleArn: 'rule/test' })
    const back = rolledBackShift(mid, 7)!
    assert.deepEqual([back.productionWeight, back.testWeight, back.stage], [0, 0, 'PRODUCTION_TRAFFIC_SHIFT'])
    assert.equal(rolledBackShift(back, 8), undefined, 'already on blue')
    assert.deepEqual(
      ruleWeights(back).map((r) => [r.ruleArn, [...r.weights]]),
      [
        ['rule/prod', [['tg/blue', 100], ['tg/green', 0]]],
        ['rule/test', [['tg/blue', 100], ['tg/green', 0]]],
      ],
    )
  })
  const cases: [number, number][] = [
    [0, 0],
    [0.1, 1],
    [0.5, 1],
    [5, 5],
    [5.5, 6],
    [33.3, 33],
    [99.4, 99],
    [99.9, 99],
    [100, 100],
  ]
  for (const [percent, green] of cases) {
    it(`green ${percent} % → weights ${green}/${100 - green}`, () => assert.deepEqual(forwardWeights(percent), { green, blue: 100 - green }))
  }
})
