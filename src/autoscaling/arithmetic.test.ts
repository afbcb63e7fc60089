import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { StepAdjustment } from '../core/aws-model/application-autoscaling.types.js'
import { clamp, selectStep, stepDesired, trackingDesired } from './arithmetic.js'

describe('target tracking: ceil(current × metric / target)', () => {
  const cases: [current: number, metric: number, target: number, want: number][] = [
    [2, 80, 50, 4], // 3.2 up to 4
    [2, 51, 50, 3], // just over the target still adds one
    [3, 50, 50, 3], // at the target: no change (no float drift to 4)
    [4, 30, 50, 3], // scale-in removes less: 2.4 up to 3
    [10, 10, 50, 2],
    [0, 5, 1, 5], // a queue at 5 with 0 tasks sizes as if one ran
    [1, 0, 50, 0],
    [3, 100, 70, 5], // 4.28 up to 5
  ]
  for (const [current, metric, target, want] of cases) {
    it(`${current} tasks at ${metric} for target ${target} → ${want}`, () => assert.equal(trackingDesired(current, metric, target), want))
  }
})

describe('step selection: lower bound inclusive, upper exclusive', () => {
  const steps: StepAdjustment[] = [
    { MetricIntervalUpperBound: 0, ScalingAdjustment: -1 },
    { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 1 },
    { MetricIntervalLowerBound: 10, MetricIntervalUpperBound: 20, ScalingAdjustment: 2 },
    { MetricIntervalLowerBound: 20, ScalingAdjustment: 4 },
  ]
  const cases: [breach: number, want: number][] = [
    [-5, -1],
    [0, 1],
    [9.99, 1],
    [10, 2],
    [19, 2],
    [20, 4],
    [1000, 4],
  ]
  for (const [breach, want] of cases) it(`breach ${breach} → ${want}`, () => assert.equal(selectStep(steps, breach)?.ScalingAdjustment, want))
  it('no step holds a breach outside every interval', () => assert.equal(selectStep([{ MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 5, ScalingAdjustment: 1 }], 7), undefined))
})

describe('step adjustments', () => {
  const cases: [current: number, type: 'ChangeInCapacity' | 'PercentChangeInCapacity' | 'ExactCapacity', adj: number, minMag: number | undefined, want: number][] = [
    [3, 'ChangeInCapacity', 2, undefined, 5],
    [3, 'ChangeInCapacity', -1, undefined, 2],
    [3, 'ExactCapacity', 7, undefined, 7],
    [10, 'PercentChangeInCapacity', 25, undefined, 12], // 2.5 truncated to 2
    [2, 'PercentChangeInCapacity', 10, undefined, 3], // 0.2 becomes 1
    [2, 'PercentChangeInCapacity', -10, undefined, 1], // -0.2 becomes -1
    [10, 'PercentChangeInCapacity', -25, undefined, 8], // -2.5 truncated to -2
    [10, 'PercentChangeInCapacity', 10, 3, 13], // 1 raised to the minimum magnitude 3
  ]
  for (const [current, type, adj, minMag, want] of cases) {
    it(`${current} ${type} ${adj}${minMag ? ` (min ${minMag})` : ''} → ${want}`, () => assert.equal(stepDesired(current, type, adj, minMag), want))
  }
})

describe('clamp to [min, max]', () => {
  const cases: [n: number, min: number, max: number, want: number][] = [
    [5, 1, 4, 4],
    [0, 1, 4, 1],
    [3, 1, 4, 3],
    [3, 3, 3, 3],
  ]
  for (const [n, min, max, want] of cases) it(`${n} in [${min}, ${max}] → ${want}`, () => assert.equal(clamp(n, min, max), want))
})
