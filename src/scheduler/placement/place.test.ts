import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { indexCluster } from './cluster.js'
import { mockDemand, mockInstance as ci } from './mock.js'
import { parsePlacementConstraints, parsePlacementStrategies } from './parse.js'
import { place } from './place.js'
import type { RejectReason } from './reasons.js'
import type { PlacementStrategy } from '../../core/aws-model/ecs.types.js'
import type { CandidateInstance, TaskDemand } from './types.js'

/** A row's expectation per task: the instance id, or `!reason` for "unplaced, closest failed reason". */
type Want = string
interface Row {
  why: string
  instances: CandidateInstance[]
  demand?: Partial<TaskDemand>
  count?: number
  constraints?: { type: 'distinctInstance' | 'memberOf'; expression?: string }[]
  strategies?: PlacementStrategy[]
  want: Want[]
}

const az = (id: string, zone: string, o: Parameters<typeof ci>[1] = {}) => ci(id, { az: zone, ...o })
const BINPACK_MEMORY: PlacementStrategy[] = [{ type: 'binpack', field: 'memory' }]
const SPREAD_AZ: PlacementStrategy[] = [{ type: 'spread', field: 'attribute:ecs.availability-zone' }]
const SPREAD_INSTANCE: PlacementStrategy[] = [{ type: 'spread', field: 'instanceId' }]

const rows: Row[] = [
  // resources
  { why: 'CPU that fits exactly fits', instances: [ci('a', { remainingCpu: 256 })], want: ['a'] },
  { why: 'one CPU unit short', instances: [ci('a', { remainingCpu: 255 })], want: ['!insufficient-cpu'] },
  { why: 'memory that fits exactly fits', instances: [ci('a', { remainingMemory: 512 })], want: ['a'] },
  { why: 'one MiB short', instances: [ci('a', { remainingMemory: 511 })], want: ['!insufficient-memory'] },
  { why: 'a task asking nothing fits a full instance', instances: [ci('a', { remainingCpu: 0, remainingMemory: 0 })], demand: { cpu: 0, memory: 0 }, want: ['a'] },
  { why: 'resources are used up task by task', instances: [ci('a', { remainingMemory: 1024 })], count: 3, want: ['a', 'a', '!insufficient-memory'] },
  { why: 'the instance short of memory goes unused', instances: [ci('a', { remainingMemory: 100 }), ci('b')], want: ['b'] },
  // ports
  { why: 'static TCP port taken on a', instances: [ci('a', { tcpPortsInUse: new Set([80]) }), ci('b')], demand: { tcpPorts: [80] }, want: ['b'] },
  { why: 'TCP 80 taken does not block UDP 80', instances: [ci('a', { tcpPortsInUse: new Set([80]) })], demand: { udpPorts: [80] }, want: ['a'] },
  { why: 'UDP 53 taken blocks UDP 53', instances: [ci('a', { udpPortsInUse: new Set([53]) })], demand: { udpPorts: [53] }, want: ['!udp-port-in-use'] },
  { why: 'UDP 53 taken does not block TCP 53', instances: [ci('a', { udpPortsInUse: new Set([53]) })], demand: { tcpPorts: [53] }, want: ['a'] },
  { why: 'reserved agent port 51678 blocks', instances: [ci('a')], demand: { tcpPorts: [51678] }, want: ['!port-in-use'] },
  { why: 'dynamic ports never conflict', instances: [ci('a', { tcpPortsInUse: new Set([80]) })], count: 3, want: ['a', 'a', 'a'] },
  { why: 'a second copy of a static port needs another instance', instances: [ci('a', { remainingMemory: 2000 }), ci('b')], demand: { tcpPorts: [8080] }, count: 3, strategies: BINPACK_MEMORY, want: ['a', 'b', '!port-in-use'] },
  // status, agent, attributes
  { why: 'DRAINING is excluded however roomy', instances: [ci('a', { status: 'DRAINING', remainingMemory: 99999 }), ci('b')], strategies: [{ type: 'binpack', field: 'memory' }], want: ['b'] },
  { why: 'only DRAINING instances', instances: [ci('a', { status: 'DRAINING' })], want: ['!instance-not-active'] },
  { why: 'REGISTERING is not ACTIVE either', instances: [ci('a', { status: 'REGISTERING' })], want: ['!instance-not-active'] },
  { why: 'disconnected agent excluded', instances: [ci('a', { agentConnected: false }), ci('b')], want: ['b'] },
  { why: 'only a disconnected agent', instances: [ci('a', { agentConnected: false })], want: ['!agent-disconnected'] },
  { why: 'required attribute missing', instances: [ci('a'), ci('b', { extra: { 'ecs.capability.task-eni': '' } })], demand: { requiredAttributes: [{ name: 'ecs.capability.task-eni' }] }, want: ['b'] },
  { why: 'required attribute with the wrong value', instances: [ci('a')], demand: { requiredAttributes: [{ name: 'ecs.os-type', value: 'windows' }] }, want: ['!missing-attribute'] },
  // memberOf
  { why: 'memberOf on instance type', instances: [ci('a', { instanceType: 'm5.large' }), ci('b', { instanceType: 't3.small' })], constraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*' }], want: ['b'] },
  { why: 'memberOf matching nothing', instances: [ci('a', { instanceType: 'm5.large' })], constraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*' }], want: ['!member-of'] },
  { why: 'memberOf with in over zones', instances: [az('a', 'us-east-1a'), az('b', 'us-east-1c')], constraints: [{ type: 'memberOf', expression: 'attribute:ecs.availability-zone in [us-east-1b, us-east-1c]' }], want: ['b'] },
  { why: 'two memberOf constraints must both hold', instances: [ci('a', { extra: { stack: 'prod' } }), ci('b', { instanceType: 'm5.large', extra: { stack: 'prod' } })], constraints: [{ type: 'memberOf', expression: 'attribute:stack == prod' }, { type: 'memberOf', expression: 'attribute:ecs.instance-type == m5.large' }], want: ['b'] },
  { why: 'anti-affinity with a group already running', instances: [ci('a', { taskGroups: ['database'] }), ci('b')], constraints: [{ type: 'memberOf', expression: 'not(task:group == database)' }], want: ['b'] },
  { why: 'affinity to a group already running', instances: [ci('a'), ci('b', { taskGroups: ['database'] })], constraints: [{ type: 'memberOf', expression: 'task:group == database' }], count: 2, want: ['b', 'b'] },
  { why: 'anti-affinity to its own group sees the tasks this request placed', instances: [ci('a', { remainingMemory: 2000 }), ci('b')], constraints: [{ type: 'memberOf', expression: 'not(task:group == service:web)' }], count: 3, strategies: BINPACK_MEMORY, want: ['a', 'b', '!member-of'] },
  // distinctInstance
  { why: 'distinctInstance: 3 tasks on 2 instances, one fails', instances: [ci('a', { remainingMemory: 2000 }), ci('b')], constraints: [{ type: 'distinctInstance' }], count: 3, strategies: BINPACK_MEMORY, want: ['a', 'b', '!distinct-instance'] },
  { why: 'distinctInstance counts the group\'s running tasks', instances: [ci('a', { taskGroups: ['service:web'] }), ci('b')], constraints: [{ type: 'distinctInstance' }], want: ['b'] },
  { why: 'distinctInstance ignores other groups', instances: [ci('a', { taskGroups: ['service:api'] })], constraints: [{ type: 'distinctInstance' }], want: ['a'] },
  // binpack
  { why: 'binpack memory fills the fullest instance first', instances: [ci('a', { remainingMemory: 4096 }), ci('b', { remainingMemory: 1024 }), ci('c', { remainingMemory: 2048 })], strategies: BINPACK_MEMORY, count: 4, want: ['b', 'b', 'c', 'c'] },
  { why: 'binpack cpu looks at CPU, not memory', instances: [ci('a', { remainingCpu: 512, remainingMemory: 8000 }), ci('b', { remainingCpu: 4096, remainingMemory: 1024 })], strategies: [{ type: 'binpack', field: 'cpu' }], want: ['a'] },
  { why: 'binpack memory on the same cluster picks the other', instances: [ci('a', { remainingCpu: 512, remainingMemory: 8000 }), ci('b', { remainingCpu: 4096, remainingMemory: 1024 })], strategies: BINPACK_MEMORY, want: ['b'] },
  // spread
  { why: 'spread instanceId puts one task on each', instances: [ci('a', { remainingMemory: 4096 }), ci('b', { remainingMemory: 1024 }), ci('c', { remainingMemory: 2048 })], strategies: [...SPREAD_INSTANCE, ...BINPACK_MEMORY], count: 3, want: ['b', 'c', 'a'] },
  { why: 'spread instanceId counts the group\'s running tasks', instances: [ci('a', { taskGroups: ['service:web'] }), ci('b', { taskGroups: ['service:api', 'service:api'] })], strategies: SPREAD_INSTANCE, want: ['b'] },
  { why: 'spread zone then binpack memory within the zone', instances: [az('a1', 'us-east-1a', { remainingMemory: 4000 }), az('a2', 'us-east-1a', { remainingMemory: 2000 }), az('b1', 'us-east-1b', { remainingMemory: 3000 }), az('b2', 'us-east-1b', { remainingMemory: 1500 })], strategies: [...SPREAD_AZ, ...BINPACK_MEMORY], count: 4, want: ['b2', 'a2', 'b2', 'a2'] },
  { why: 'spread zone counts running tasks per zone', instances: [az('a', 'us-east-1a', { remainingMemory: 3000, taskGroups: ['service:web'] }), az('b', 'us-east-1b', { remainingMemory: 2000, taskGroups: ['service:web'] }), az('c', 'us-east-1c', { remainingMemory: 9000 })], strategies: [...SPREAD_AZ, ...BINPACK_MEMORY], count: 3, want: ['c', 'b', 'a'] },
  { why: 'an instance without the attribute comes last', instances: [ci('x', { attributes: [] }), az('a', 'us-east-1a', { taskGroups: ['service:web', 'service:web'] })], strategies: SPREAD_AZ, want: ['a'] },
  { why: 'binpack first, then spread only breaks its ties', instances: [az('a', 'us-east-1a', { remainingMemory: 1024 }), az('b', 'us-east-1b', { remainingMemory: 2048 })], strategies: [...BINPACK_MEMORY, ...SPREAD_AZ], count: 2, want: ['a', 'a'] },
  // no instances
  { why: 'an empty cluster places nothing', instances: [], count: 2, want: ['!', '!'] },
]

function run(row: Row) {
  const constraints = parsePlacementConstraints(row.constraints)
  const strategies = parsePlacementStrategies(row.strategies)
  return place(indexCluster(row.instances), {
    demand: mockDemand(row.demand),
    count: row.count ?? 1,
    constraints,
    strategies,
    seed: 'table',
  })
}

describe('place: table', () => {
  for (const row of rows) {
    it(`${row.why} → ${row.want.join(', ')}`, () => {
      const got = run(row).tasks.map((t) =>
        t.kind === 'placed' ? t.instance.id : `!${t.closest?.reason ?? ''}`,
      )
      assert.deepEqual(got, row.want)
    })
  }
})

describe('place: spread and random', () => {
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c']
  const sixInTheeZones = zones.flatMap((z, k) => [az(`${k}x`, z), az(`${k}y`, z)])

  it('spreads 3 tasks over 3 zones, one each, whatever the seed', () => {
    for (const seed of ['s1', 's2', 's3', 's4']) {
      const result = place(indexCluster(sixInTheeZones), {
        demand: mockDemand(),
        count: 3,
        constraints: [],
        strategies: parsePlacementStrategies(SPREAD_AZ),
        seed,
      })
      const used = result.tasks.map((t) => (t.kind === 'placed' ? zoneOf(t.instance) : 'none'))
      assert.deepEqual([...used].sort(), zones, seed)
    }
  })

  it('random is reproducible by seed and varies with it', () => {
    const cluster = indexCluster(Array.from({ length: 20 }, (_, k) => ci(`i${k}`)))
    const run = (seed: string) =>
      place(cluster, { demand: mockDemand(), count: 5, constraints: [], strategies: [{ type: 'random' }], seed }).tasks.map((t) =>
        t.kind === 'placed' ? t.instance.id : '',
      )
    assert.deepEqual(run('deployment-1'), run('deployment-1'))
    const distinct = new Set(['a', 'b', 'c', 'd', 'e'].map((s) => run(s).join()))
    assert.ok(distinct.size > 1, 'five seeds gave the same placements')
  })

  it('random reaches every instance', () => {
    const cluster = indexCluster([ci('a'), ci('b'), ci('c')])
    const seen = new Set<string>()
    for (let k = 0; k < 30; k++) {
      const t = place(cluster, { demand: mockDemand(), count: 1, constraints: [], strategies: [], seed: `s${k}` }).tasks[0]!
      if (t.kind === 'placed') seen.add(t.instance.id)
    }
    assert.deepEqual([...seen].sort(), ['a', 'b', 'c'])
  })

  it('reports each strategy\'s rank as the score', () => {
    const result = place(indexCluster([az('a', 'us-east-1a', { remainingMemory: 3000 })]), {
      demand: mockDemand(),
      count: 1,
      constraints: [],
      strategies: parsePlacementStrategies([...SPREAD_AZ, ...BINPACK_MEMORY, { type: 'random' }]),
      seed: 'x',
    })
    const t = result.tasks[0]!
    assert.ok(t.kind === 'placed')
    assert.deepEqual(t.scores, [0, 3000])
  })
})

describe('place: unplaced', () => {
  it('counts instances per reason and names the closest one', () => {
    const result = place(
      indexCluster([
        ci('drain', { status: 'DRAINING' }),
        ci('off', { agentConnected: false }),
        ci('big', { instanceType: 'm5.large', remainingMemory: 100000 }),
        ci('small', { remainingMemory: 300 }),
        ci('smaller', { remainingMemory: 200 }),
      ]),
      {
        demand: mockDemand(),
        count: 2,
        constraints: parsePlacementConstraints([{ type: 'memberOf', expression: 'attribute:ecs.instance-type == t3.medium' }]),
        strategies: [],
        seed: 'x',
      },
    )
    const [first, second] = result.tasks
    assert.ok(first?.kind === 'unplaced')
    assert.equal(second, first, 'once one fails the rest fail alike')
    assert.equal(result.placedCount, 0)
    const counts = Object.entries(first.unplaceable).filter(([, n]) => n > 0)
    assert.deepEqual(Object.fromEntries(counts), {
      'instance-not-active': 1,
      'agent-disconnected': 1,
      'member-of': 1,
      'insufficient-memory': 2,
    } satisfies Partial<Record<RejectReason, number>>)
    // "big" has the memory but is outside the constraint: the closest is the fuller "small".
    assert.equal(first.closest?.instance.id, 'small')
    assert.equal(first.closest?.reason, 'insufficient-memory')
    assert.deepEqual(
      first.rejected.map((r) => `${r.instance.id}:${r.reason}`),
      ['drain:instance-not-active', 'off:agent-disconnected', 'big:member-of', 'small:insufficient-memory', 'smaller:insufficient-memory'],
    )
  })

  it('names the first check an instance fails, in checker order', () => {
    // Each instance fails its own check and every later one; the reason is always the earliest.
    const full = { remainingCpu: 0, remainingMemory: 0, tcpPortsInUse: new Set([80]), udpPortsInUse: new Set([53]) }
    const cases: [CandidateInstance, RejectReason][] = [
      [ci('s', { ...full, status: 'DRAINING', agentConnected: false, instanceType: 'x', taskGroups: ['service:web'] }), 'instance-not-active'],
      [ci('g', { ...full, agentConnected: false, instanceType: 'x', taskGroups: ['service:web'] }), 'agent-disconnected'],
      [ci('r', { ...full, attributes: [{ name: 'ecs.instance-type', value: 'x' }], taskGroups: ['service:web'] }), 'missing-attribute'],
      [ci('m', { ...full, instanceType: 'x', taskGroups: ['service:web'] }), 'member-of'],
      [ci('d', { ...full, taskGroups: ['service:web'] }), 'distinct-instance'],
      [ci('c', { ...full }), 'insufficient-cpu'],
      [ci('mem', { ...full, remainingCpu: 9999 }), 'insufficient-memory'],
      [ci('p', { ...full, remainingCpu: 9999, remainingMemory: 9999 }), 'port-in-use'],
      [ci('u', { ...full, remainingCpu: 9999, remainingMemory: 9999, tcpPortsInUse: new Set() }), 'udp-port-in-use'],
    ]
    for (const [instance, reason] of cases) {
      const result = place(indexCluster([instance]), {
        demand: mockDemand({ tcpPorts: [80], udpPorts: [53], requiredAttributes: [{ name: 'ecs.os-type', value: 'linux' }] }),
        count: 1,
        constraints: parsePlacementConstraints([{ type: 'memberOf', expression: 'attribute:ecs.instance-type == t3.medium' }, { type: 'distinctInstance' }]),
        strategies: [],
        seed: 'x',
      })
      const t = result.tasks[0]!
      assert.equal(t.kind === 'unplaced' && t.closest?.reason, reason, instance.id)
    }
  })

  it('places nothing for a count of 0 and rejects a fractional count', () => {
    const cluster = indexCluster([ci('a')])
    const request = { demand: mockDemand(), constraints: [], strategies: [], seed: 'x' }
    assert.deepEqual(place(cluster, { ...request, count: 0 }), { tasks: [], placedCount: 0 })
    assert.throws(() => place(cluster, { ...request, count: 1.5 }), RangeError)
  })
})

describe('place: purity', () => {
  it('leaves the instances as they were and repeats itself', () => {
    const instances = [ci('a', { remainingMemory: 2048 }), ci('b')]
    const before = JSON.stringify(instances)
    const cluster = indexCluster(instances)
    const request = { demand: mockDemand(), count: 3, constraints: [], strategies: parsePlacementStrategies(BINPACK_MEMORY), seed: 'x' }
    const first = place(cluster, request)
    assert.equal(JSON.stringify(instances), before)
    assert.deepEqual(place(cluster, request), first)
  })
})

function zoneOf(inst: CandidateInstance): string | undefined {
  return inst.attributes.find((a) => a.name === 'ecs.availability-zone')?.value
}
