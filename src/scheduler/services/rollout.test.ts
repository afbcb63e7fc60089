import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fenceposts, rollingStep, type RolloutCounts, type RolloutStep } from './rollout.js'

describe('fenceposts', () => {
  const rows: { why: string; desired: number; min: number; max: number; want: [number, number] }[] = [
    { why: 'defaults: all healthy, double the tasks', desired: 4, min: 100, max: 200, want: [4, 8] },
    { why: 'min rounds up: 75% of 2 is 1.5 → 2', desired: 2, min: 75, max: 200, want: [2, 4] },
    { why: 'max rounds down: 125% of 3 is 3.75 → 3', desired: 3, min: 100, max: 125, want: [3, 3] },
    { why: '50% of 3 is 1.5 → min 2', desired: 3, min: 50, max: 150, want: [2, 4] },
    { why: 'an exact product stays exact: 150% of 4 is 6', desired: 4, min: 50, max: 150, want: [2, 6] },
    { why: 'desired 1: one spare task at 200%', desired: 1, min: 100, max: 200, want: [1, 2] },
    { why: 'desired 1 at 150%: 1.5 → 1, no spare', desired: 1, min: 100, max: 150, want: [1, 1] },
    { why: 'desired 0 keeps nothing', desired: 0, min: 100, max: 200, want: [0, 0] },
    { why: '33% of 3 is 0.99 → 1 (integer arithmetic, no float drift)', desired: 3, min: 33, max: 133, want: [1, 3] },
    { why: 'a daemon\'s defaults: 0 / 100', desired: 5, min: 0, max: 100, want: [0, 5] },
  ]
  for (const r of rows) it(r.why, () => assert.deepEqual(fenceposts(r.desired, r.min, r.max), { minHealthy: r.want[0], maxLive: r.want[1] }))
})

const counts = (over: Partial<RolloutCounts>): RolloutCounts => ({
  desired: 4,
  keepers: 0,
  healthyKeepers: 0,
  outgoing: 0,
  healthyOutgoing: 0,
  stopping: 0,
  ...over,
})
const step = (over: Partial<RolloutStep>): RolloutStep => ({
  start: 0,
  stopUnhealthyOutgoing: 0,
  stopHealthyOutgoing: 0,
  stopUnhealthyExcess: 0,
  stopHealthyExcess: 0,
  stuck: false,
  ...over,
})

describe('rollingStep', () => {
  const rows: { why: string; c: Partial<RolloutCounts>; min: number; max: number; canStart?: boolean; want: Partial<RolloutStep> }[] = [
    // A new service.
    { why: 'a new service starts its desired count', c: {}, min: 100, max: 200, want: { start: 4 } },
    { why: 'pending keepers count: start only the rest', c: { keepers: 3 }, min: 100, max: 200, want: { start: 1 } },
    { why: 'steady: nothing to do', c: { keepers: 4, healthyKeepers: 4 }, min: 100, max: 200, want: {} },
    // Rolling 4 old → 4 new, 100 / 200.
    { why: '100/200: start 4 new beside 4 healthy old, stop none yet', c: { outgoing: 4, healthyOutgoing: 4 }, min: 100, max: 200, want: { start: 4 } },
    { why: '100/200: 2 new healthy → 2 old may stop', c: { keepers: 4, healthyKeepers: 2, outgoing: 4, healthyOutgoing: 4 }, min: 100, max: 200, want: { stopHealthyOutgoing: 2 } },
    { why: '100/200: all new healthy → every old stops', c: { keepers: 4, healthyKeepers: 4, outgoing: 4, healthyOutgoing: 4 }, min: 100, max: 200, want: { stopHealthyOutgoing: 4 } },
    { why: '100/200: old still stopping hold the live bound, nothing else moves', c: { keepers: 4, healthyKeepers: 4, stopping: 4 }, min: 100, max: 200, want: {} },
    // 50 / 100: stop first, then start.
    { why: '50/100: stop 2 old first (no room to start)', c: { outgoing: 4, healthyOutgoing: 4 }, min: 50, max: 100, want: { stopHealthyOutgoing: 2 } },
    { why: '50/100: 2 old stopping: wait for them to free the bound', c: { outgoing: 2, healthyOutgoing: 2, stopping: 2 }, min: 50, max: 100, want: {} },
    { why: '50/100: 2 old gone: start 2 new', c: { outgoing: 2, healthyOutgoing: 2 }, min: 50, max: 100, want: { start: 2 } },
    { why: '50/100: 2 new healthy: the last 2 old stop', c: { keepers: 2, healthyKeepers: 2, outgoing: 2, healthyOutgoing: 2 }, min: 50, max: 100, want: { stopHealthyOutgoing: 2 } },
    // 0 / 100: all at once.
    { why: '0/100: every old task stops at once', c: { outgoing: 4, healthyOutgoing: 4 }, min: 0, max: 100, want: { stopHealthyOutgoing: 4 } },
    // Where nothing can move.
    { why: '100/100: nothing can move, and nothing will: stuck', c: { outgoing: 4, healthyOutgoing: 4 }, min: 100, max: 100, want: { stuck: true } },
    { why: '100/100 with desired 1: stuck', c: { desired: 1, outgoing: 1, healthyOutgoing: 1 }, min: 100, max: 100, want: { stuck: true } },
    { why: '75/200 with desired 2: one start at a time is still possible', c: { desired: 2, outgoing: 2, healthyOutgoing: 2 }, min: 75, max: 200, want: { start: 2 } },
    { why: '100/125 with desired 3: max rounds to 3, min is 3: stuck', c: { desired: 3, outgoing: 3, healthyOutgoing: 3 }, min: 100, max: 125, want: { stuck: true } },
    { why: 'a static host port on as many instances as tasks at 100/100: no spare port, no task may stop: stuck', c: { desired: 4, outgoing: 4, healthyOutgoing: 4 }, min: 100, max: 100, want: { stuck: true } },
    { why: 'the same at 50/100: two stop first, and their ports are where the new ones go', c: { desired: 4, outgoing: 4, healthyOutgoing: 4 }, min: 50, max: 100, want: { stopHealthyOutgoing: 2 } },
    { why: 'not stuck while a task is still becoming healthy', c: { keepers: 1, outgoing: 3, healthyOutgoing: 3, desired: 4 }, min: 100, max: 100, want: {} },
    // Desired 1.
    { why: 'desired 1, 100/200: start the new one first', c: { desired: 1, outgoing: 1, healthyOutgoing: 1 }, min: 100, max: 200, want: { start: 1 } },
    { why: 'desired 1, 100/200: new one healthy → old stops', c: { desired: 1, keepers: 1, healthyKeepers: 1, outgoing: 1, healthyOutgoing: 1 }, min: 100, max: 200, want: { stopHealthyOutgoing: 1 } },
    { why: 'desired 1, 0/100: stop the old one, then start', c: { desired: 1, outgoing: 1, healthyOutgoing: 1 }, min: 0, max: 100, want: { stopHealthyOutgoing: 1 } },
    // Outgoing tasks that are not healthy cost nothing.
    { why: 'old tasks not yet healthy stop, free, once healthy keepers cover desired', c: { keepers: 4, healthyKeepers: 4, outgoing: 2 }, min: 100, max: 200, want: { stopUnhealthyOutgoing: 2 } },
    { why: 'old tasks still starting are kept while there is room to start beside them', c: { outgoing: 4 }, min: 100, max: 200, want: { start: 4 } },
    { why: 'old tasks not healthy make way when maximumPercent blocks a start', c: { outgoing: 4, healthyOutgoing: 2 }, min: 50, max: 100, want: { stopUnhealthyOutgoing: 2 } },
    { why: 'only as many as block a start', c: { keepers: 1, outgoing: 4, healthyOutgoing: 1 }, min: 0, max: 125, want: { stopUnhealthyOutgoing: 3, stopHealthyOutgoing: 1 } },
    { why: 'a draining instance\'s task is replaced before it stops (100/200)', c: { keepers: 3, healthyKeepers: 3, outgoing: 1, healthyOutgoing: 1 }, min: 100, max: 200, want: { start: 1 } },
    // Scaling.
    { why: 'scale in 4 → 2: stop 2 (budget 4 − 2)', c: { desired: 2, keepers: 4, healthyKeepers: 4 }, min: 100, max: 200, want: { stopHealthyExcess: 2 } },
    { why: 'scale in: pending keepers go first, free', c: { desired: 2, keepers: 4, healthyKeepers: 2 }, min: 100, max: 200, want: { stopUnhealthyExcess: 2 } },
    { why: 'scale to zero: everything stops', c: { desired: 0, keepers: 3, healthyKeepers: 3 }, min: 100, max: 200, want: { stopHealthyExcess: 3 } },
    { why: 'scale out during a rollout: start within the bound only', c: { desired: 6, keepers: 4, healthyKeepers: 4, outgoing: 4, healthyOutgoing: 4 }, min: 100, max: 200, want: { start: 2, stopHealthyOutgoing: 2 } },
    // Holding starts back.
    { why: 'throttled: no start, but the bounds still stop what they may', c: { keepers: 4, healthyKeepers: 4, outgoing: 2, healthyOutgoing: 2 }, min: 100, max: 200, canStart: false, want: { stopHealthyOutgoing: 2 } },
    { why: 'throttled and nothing else to do: not stuck by configuration', c: { keepers: 2, healthyKeepers: 2 }, min: 100, max: 200, canStart: false, want: {} },
  ]
  for (const r of rows) {
    it(r.why, () => {
      const c = counts(r.c)
      assert.deepEqual(rollingStep(c, fenceposts(c.desired, r.min, r.max), r.canStart ?? true), step(r.want))
    })
  }
})
