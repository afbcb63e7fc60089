import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { mockTask } from '../../testing/mock.js'
import type { ClassifiedTask } from './classify.js'
import type { RolloutStep } from './rollout.js'
import { chooseStops, firstProtectionEnd } from './select.js'

const NOW = Date.UTC(2026, 0, 1)
const LATER = NOW + 60_000

/** A live task: its name is its id (and its age order: a later letter is newer), health, protection. */
function live(name: string, role: 'keeper' | 'outgoing', health: ClassifiedTask['health'] = 'healthy', protectedUntil?: number): ClassifiedTask {
  const task = mockTask({ id: name.padEnd(32, '0'), createdAt: NOW - 1000 + name.charCodeAt(0), ...(protectedUntil !== undefined ? { protectedUntil } : {}) })
  return { task, role, health, deployment: undefined, instance: undefined, zone: 'us-east-1a', targets: [], balancer: { kind: 'none' } } as ClassifiedTask
}

const step = (over: Partial<RolloutStep>): RolloutStep => ({
  start: 0, stopUnhealthyOutgoing: 0, stopHealthyOutgoing: 0, stopUnhealthyExcess: 0, stopHealthyExcess: 0, stuck: false, ...over,
})

interface Row {
  why: string
  tasks: ClassifiedTask[]
  step: Partial<RolloutStep>
  /** Names stopped, held in scale-in, held in a deployment. */
  want: [string[], string[], string[]]
}

const ROWS: Row[] = [
  { why: 'scale-in without protection: the newest go', tasks: [live('a', 'keeper'), live('b', 'keeper'), live('c', 'keeper')], step: { stopHealthyExcess: 2 }, want: [['c', 'b'], [], []] },
  {
    why: 'a protected keeper is passed over: the next one goes in its place',
    tasks: [live('a', 'keeper'), live('b', 'keeper'), live('c', 'keeper', 'healthy', LATER)],
    step: { stopHealthyExcess: 2 },
    want: [['b', 'a'], [], []],
  },
  {
    why: 'more protected than the rest can cover: the scale-in is held by the protected ones',
    tasks: [live('a', 'keeper', 'healthy', LATER), live('b', 'keeper', 'healthy', LATER), live('c', 'keeper')],
    step: { stopHealthyExcess: 2 },
    want: [['c'], ['b'], []],
  },
  {
    why: 'an expired protection protects nothing (read against the clock)',
    tasks: [live('a', 'keeper'), live('b', 'keeper', 'healthy', NOW)],
    step: { stopHealthyExcess: 1 },
    want: [['b'], [], []],
  },
  {
    why: 'an unprotected healthy task does not take the place of a protected unhealthy one (no health budget was granted)',
    tasks: [live('a', 'keeper'), live('b', 'keeper', 'starting', LATER)],
    step: { stopUnhealthyExcess: 1 },
    want: [[], ['b'], []],
  },
  {
    why: "a deployment: a protected task of the old deployment stays; another old one goes in its place",
    tasks: [live('a', 'outgoing'), live('b', 'outgoing', 'healthy', LATER), live('c', 'keeper')],
    step: { stopHealthyOutgoing: 1 },
    want: [['a'], [], []],
  },
  {
    why: 'a deployment whose old tasks are all protected waits for them',
    tasks: [live('a', 'outgoing', 'healthy', LATER), live('b', 'outgoing', 'pending', LATER), live('c', 'keeper')],
    step: { stopHealthyOutgoing: 1, stopUnhealthyOutgoing: 1 },
    want: [[], [], ['b', 'a']],
  },
]

describe('chooseStops: which tasks a rolling step stops, under scale-in protection', () => {
  for (const row of ROWS) {
    it(row.why, () => {
      const keepers = row.tasks.filter((c) => c.role === 'keeper')
      const outgoing = row.tasks.filter((c) => c.role === 'outgoing')
      const choice = chooseStops(step(row.step), keepers, outgoing, row.tasks, NOW)
      const names = (cs: readonly ClassifiedTask[]) => cs.map((c) => c.task.id[0]!)
      assert.deepEqual([names(choice.stops), names(choice.heldExcess), names(choice.heldOutgoing)], row.want)
    })
  }

  it('wakes when the first protection that held ends', () => {
    assert.equal(firstProtectionEnd([]), undefined)
    assert.equal(firstProtectionEnd([live('a', 'keeper', 'healthy', LATER + 5), live('b', 'keeper', 'healthy', LATER)]), LATER)
  })
})
