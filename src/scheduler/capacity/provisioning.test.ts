import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AUTO_SCALING_GROUP_ATTRIBUTE } from '../../core/model/capacity-provider.js'
import type { ContainerInstanceStatus } from '../../core/model/container-instance.js'
import type { TaskRecord, WaitingPlacement } from '../../core/model/task.js'
import { mockInstance, mockTask } from '../../testing/mock.js'
import { candidateOf } from '../apply/candidates.js'
import type { CandidateInstance } from '../placement/index.js'
import { decideProvisioning } from './provisioning.js'

const CLUSTER = 'arn:aws:ecs:us-east-1:000000000000:cluster/default'
const T0 = Date.UTC(2026, 0, 1)
const MIN = 60_000
const TIMEOUT = 30 * MIN

const placement = (over: Partial<WaitingPlacement> = {}): WaitingPlacement => ({ autoScalingGroup: 'asg', constraints: [], strategies: [], requiredAttributes: [], ...over })

/** A task waiting for capacity: no instance, its placement request kept (`over` sets createdAt, the creation order). */
function waiting(id: string, memory: number, over: Partial<TaskRecord> = {}): TaskRecord {
  const { containerInstanceArn: _none, ...task } = mockTask({ id: id.padEnd(32, '0'), reservation: { cpu: 0, memory, tcpPorts: [], udpPorts: [] }, capacityProviderName: 'cp', waitingPlacement: placement(), ...over })
  return task
}

function instance(id: string, memory: number, group = 'asg', status: ContainerInstanceStatus = 'ACTIVE'): CandidateInstance {
  const ci = mockInstance({
    id: id.padEnd(32, '0'),
    status,
    registeredResources: [
      { name: 'CPU', type: 'INTEGER', integerValue: 1024 },
      { name: 'MEMORY', type: 'INTEGER', integerValue: memory },
    ],
    attributes: [{ name: AUTO_SCALING_GROUP_ATTRIBUTE, value: group }],
  })
  return candidateOf(ci, [])
}

interface Case {
  why: string
  waiting: TaskRecord[]
  instances: CandidateInstance[]
  now: number
  /** `<task id prefix> -> <instance id prefix>` or `<task id prefix> stop <stoppedReason>`. */
  want: string[]
  wakeAt?: number | undefined
}

const a = (memory: number, createdAt = T0, over: Partial<TaskRecord> = {}) => waiting('a', memory, { createdAt, ...over })
const b = (memory: number, createdAt = T0 + 1, over: Partial<TaskRecord> = {}) => waiting('b', memory, { createdAt, ...over })
const c = (memory: number, createdAt = T0 + 2, over: Partial<TaskRecord> = {}) => waiting('c', memory, { createdAt, ...over })

const CASES: Case[] = [
  { why: 'no instance yet: everything keeps waiting until the first deadline', waiting: [a(512), b(512)], instances: [], now: T0 + MIN, want: [], wakeAt: T0 + TIMEOUT },
  { why: 'an instance with room for both takes both, in creation order', waiting: [a(512), b(512)], instances: [instance('i1', 1024)], now: T0 + MIN, want: ['a -> i1', 'b -> i1'], wakeAt: undefined },
  {
    why: 'what the first takes is gone for the second: it waits on',
    waiting: [a(768), b(512)],
    instances: [instance('i1', 1024)],
    now: T0 + MIN,
    want: ['a -> i1'],
    wakeAt: T0 + 1 + TIMEOUT,
  },
  {
    why: 'a later, smaller task still fits where an earlier, larger one does not',
    waiting: [a(2048), b(512)],
    instances: [instance('i1', 1024)],
    now: T0 + MIN,
    want: ['b -> i1'],
    wakeAt: T0 + TIMEOUT,
  },
  { why: 'only its own group\'s instances take it', waiting: [a(512)], instances: [instance('i1', 4096, 'other')], now: T0 + MIN, want: [], wakeAt: T0 + TIMEOUT },
  {
    why: 'its constraints still hold: distinctInstance keeps two of a group apart',
    waiting: [a(256, T0, { group: 'service:web', waitingPlacement: placement({ constraints: [{ type: 'distinctInstance' }] }) }), b(256, T0 + 1, { group: 'service:web', waitingPlacement: placement({ constraints: [{ type: 'distinctInstance' }] }) })],
    instances: [instance('i1', 4096)],
    now: T0 + MIN,
    want: ['a -> i1'],
    wakeAt: T0 + 1 + TIMEOUT,
  },
  { why: 'past the timeout with no instance at all', waiting: [a(512)], instances: [], now: T0 + TIMEOUT, want: ['a stop TaskFailedToStart: EMPTY CAPACITY PROVIDER'] },
  { why: 'past the timeout with only a draining instance', waiting: [a(512)], instances: [instance('i1', 4096, 'asg', 'DRAINING')], now: T0 + TIMEOUT, want: ['a stop TaskFailedToStart: NO ACTIVE INSTANCES'] },
  { why: 'past the timeout on instances too small: the closest one\'s reason', waiting: [a(2048)], instances: [instance('i1', 1024)], now: T0 + TIMEOUT, want: ['a stop TaskFailedToStart: RESOURCE:MEMORY'] },
  { why: 'one minute short of the timeout it still waits', waiting: [a(2048)], instances: [instance('i1', 1024)], now: T0 + TIMEOUT - 1, want: [], wakeAt: T0 + TIMEOUT },
  {
    why: 'capacity at the last moment still wins over the timeout',
    waiting: [a(512)],
    instances: [instance('i1', 1024)],
    now: T0 + TIMEOUT + MIN,
    want: ['a -> i1'],
    wakeAt: undefined,
  },
  {
    why: 'a task told to stop while it waits ends with its own code and reason, and takes no room',
    waiting: [a(1024, T0, { desiredStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated', stoppedReason: 'Scaling activity initiated by (deployment ecs-svc/1)' }), c(1024)],
    instances: [instance('i1', 1024)],
    now: T0 + MIN,
    want: ['a stop Scaling activity initiated by (deployment ecs-svc/1)', 'c -> i1'],
    wakeAt: undefined,
  },
]

describe('decideProvisioning', () => {
  for (const k of CASES) {
    it(k.why, () => {
      const d = decideProvisioning({ waiting: k.waiting, candidates: new Map([[CLUSTER, k.instances]]), now: k.now, timeoutMs: TIMEOUT })
      const got = d.actions.map((x) => (x.kind === 'place' ? `${x.task.id[0]} -> ${x.instance.id.slice(0, 2)}` : `${x.task.id[0]} stop ${x.stoppedReason}`))
      assert.deepEqual(got, k.want)
      if ('wakeAt' in k) assert.equal(d.wakeAt, k.wakeAt)
      for (const x of d.actions) if (x.kind === 'stop' && x.stoppedReason.startsWith('TaskFailedToStart')) assert.equal(x.stopCode, 'TaskFailedToStart')
    })
  }
})
