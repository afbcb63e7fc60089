import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { capacityProviderReservation, decideScaling, instancesFor, type GroupMember, type ScalingInput } from './managed-scaling.js'

const settings = { status: 'ENABLED', targetCapacity: 100, minimumScalingStepSize: 1, maximumScalingStepSize: 10000, instanceWarmupPeriod: 300 } as const
const NOW = 1_000_000
const size = { cpu: 1024, memory: 1024 }
const task = { cpu: 512, memory: 512 }
const member = (id: string, tasks: number, joined = true, launchedAt = 0): GroupMember => ({ id, tasks, joined, launchedAt })
const input = (over: Partial<ScalingInput>): ScalingInput => ({
  settings, minSize: 0, maxSize: 10, members: [], waiting: [], instanceSize: size, overSince: undefined, scaleInAfterMs: 60_000, now: NOW, ...over,
})

describe('capacityProviderReservation (M / N × 100)', () => {
  const rows = [
    { m: 0, n: 0, want: 100 }, // why: nothing needed, nothing there: at target
    { m: 1, n: 0, want: 200 }, // why: work and no instance: ECS's 200, so it scales out
    { m: 2, n: 4, want: 50 },
    { m: 3, n: 2, want: 150 },
  ]
  for (const { m, n, want } of rows) it(`M ${m}, N ${n} → ${want}`, () => assert.equal(capacityProviderReservation(m, n), want))
})

describe('instancesFor (first fit into fresh instances)', () => {
  it('packs two half-size tasks per instance', () => assert.equal(instancesFor([task, task, task], size), 2))
  it('leaves out a task no instance could hold', () => assert.equal(instancesFor([{ cpu: 4096, memory: 1 }], size), 0))
})

describe('decideScaling', () => {
  const rows: { why: string; in: Partial<ScalingInput>; want: { action: unknown; desiredSize: number; overSince?: number | undefined } }[] = [
    {
      why: 'both instances busy, 3 tasks waiting (2 instances worth): launch 2',
      in: { members: [member('a', 2), member('b', 1)], waiting: [task, task, task] },
      want: { action: { kind: 'launch', count: 2 }, desiredSize: 4 },
    },
    {
      why: 'minimum step 3 launches 3 even when 1 would do',
      in: { settings: { ...settings, minimumScalingStepSize: 3 }, members: [member('a', 1)], waiting: [task] },
      want: { action: { kind: 'launch', count: 3 }, desiredSize: 2 },
    },
    {
      why: 'maximum step 1 launches one at a time',
      in: { settings: { ...settings, maximumScalingStepSize: 1 }, members: [member('a', 1)], waiting: [task, task, task, task, task] },
      want: { action: { kind: 'launch', count: 1 }, desiredSize: 4 },
    },
    {
      why: 'never past max size',
      in: { maxSize: 2, members: [member('a', 1)], waiting: [task, task, task, task] },
      want: { action: { kind: 'launch', count: 1 }, desiredSize: 2 },
    },
    {
      why: 'target 50: one busy instance wants a spare one beside it',
      in: { settings: { ...settings, targetCapacity: 50 }, members: [member('a', 1)] },
      want: { action: { kind: 'launch', count: 1 }, desiredSize: 2 },
    },
    {
      why: 'an instance launched 10 s ago has not joined: wait for it rather than launch again',
      in: { members: [member('a', 1), member('b', 0, false, NOW - 10_000)], waiting: [task, task, task] },
      want: { action: { kind: 'none', reason: 'an instance launched earlier is still warming up' }, desiredSize: 3 },
    },
    {
      why: 'at target: nothing to do',
      in: { members: [member('a', 1), member('b', 2)] },
      want: { action: { kind: 'none', reason: 'at target' }, desiredSize: 2 },
    },
    {
      why: 'one idle instance too many: start the scale-in wait',
      in: { members: [member('a', 1), member('b', 0)] },
      want: { action: { kind: 'none', reason: 'waiting before scaling in' }, desiredSize: 1, overSince: NOW },
    },
    {
      why: 'too large for the whole wait: terminate the idle one',
      in: { members: [member('a', 1), member('b', 0)], overSince: NOW - 60_000 },
      want: { action: { kind: 'terminate', members: ['b'] }, desiredSize: 1 },
    },
    {
      why: 'min size 2 keeps both, busy or not',
      in: { minSize: 2, members: [member('a', 0), member('b', 0)], overSince: NOW - 60_000 },
      want: { action: { kind: 'none', reason: 'at target' }, desiredSize: 2 },
    },
    {
      why: 'the only surplus instance never joined, the others run tasks: nothing to terminate',
      in: { settings: { ...settings, targetCapacity: 100 }, minSize: 0, members: [member('a', 1), member('b', 1), member('c', 0, false, NOW - 400_000)], overSince: NOW - 60_000 },
      want: { action: { kind: 'none', reason: 'every surplus instance runs a task (termination protection)' }, desiredSize: 2, overSince: NOW - 60_000 },
    },
  ]
  for (const row of rows) {
    it(row.why, () => {
      const got = decideScaling(input(row.in))
      assert.deepEqual(got.action, row.want.action)
      assert.equal(got.desiredSize, row.want.desiredSize)
      assert.equal(got.overSince, row.want.overSince)
    })
  }
})
