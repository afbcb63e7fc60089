import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ServiceDeploymentStatus, TrafficShiftRecord } from '../../../core/model/service.js'
import { interruptedShiftStart } from './traffic-pair.js'

const A = 'tg/a'
const B = 'tg/b'
const shift = (over: Partial<TrafficShiftRecord>): TrafficShiftRecord => ({
  productionRuleArn: 'rule/prod',
  blueTargetGroupArn: A,
  greenTargetGroupArn: B,
  stage: 'PRODUCTION_TRAFFIC_SHIFT',
  productionWeight: 40,
  testWeight: 0,
  stageSince: 0,
  ...over,
})

describe('interruptedShiftStart: where a deployment started in the middle of a shift begins', () => {
  const cases: { why: string; status: ServiceDeploymentStatus; over: Partial<TrafficShiftRecord>; pair?: [string, string]; blue: string | undefined }[] = [
    { why: 'pending, nothing moved yet: production stays on blue', status: 'PENDING', over: { stage: 'PRE_SCALE_UP', productionWeight: 0 }, blue: A },
    { why: 'scaling up: blue', status: 'IN_PROGRESS', over: { stage: 'SCALE_UP', productionWeight: 0 }, blue: A },
    { why: 'test traffic on green, production on blue: blue', status: 'IN_PROGRESS', over: { stage: 'POST_TEST_TRAFFIC_SHIFT', productionWeight: 0, testWeight: 100 }, blue: A },
    { why: 'a canary at 5 %: returned to blue', status: 'IN_PROGRESS', over: { productionWeight: 5 }, blue: A },
    { why: 'a linear step at 90 %: still returned to blue (green never had all of it)', status: 'IN_PROGRESS', over: { productionWeight: 90 }, blue: A },
    { why: 'the last step reached 100 %: green is production', status: 'IN_PROGRESS', over: { productionWeight: 100 }, blue: B },
    { why: 'baking: green is production', status: 'IN_PROGRESS', over: { stage: 'BAKE_TIME', productionWeight: 100 }, blue: B },
    { why: 'cleaning up: green is production', status: 'IN_PROGRESS', over: { stage: 'CLEAN_UP', productionWeight: 100 }, blue: B },
    { why: 'rolling back (weights not yet reset): blue', status: 'ROLLBACK_REQUESTED', over: { stage: 'BAKE_TIME', productionWeight: 100 }, blue: A },
    { why: 'rolling back: blue', status: 'ROLLBACK_IN_PROGRESS', over: { productionWeight: 0 }, blue: A },
    { why: 'finished: nothing to reconcile', status: 'SUCCESSFUL', over: { stage: 'CLEAN_UP', productionWeight: 100 }, blue: undefined },
    { why: 'stopped: nothing to reconcile', status: 'STOPPED', over: {}, blue: undefined },
    { why: 'the update changed the pair: nothing to reconcile', status: 'IN_PROGRESS', over: {}, pair: [A, 'tg/c'], blue: undefined },
  ]
  for (const c of cases) {
    it(c.why, () => {
      const r = interruptedShiftStart({ status: c.status, shift: shift(c.over) }, c.pair ?? [A, B])
      assert.deepEqual(r, c.blue === undefined ? undefined : { blue: c.blue })
    })
  }
  it('no service deployment before: nothing to reconcile', () => assert.equal(interruptedShiftStart(undefined, [A, B]), undefined))
})
