import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { evaluateQuery, parseQuery } from '../../core/query/index.js'
import { indexCluster } from './cluster.js'
import { mockDemand, randomInstances } from './mock.js'
import { place } from './place.js'
import { seededRandom } from './strategies/random.js'
import type { CandidateInstance, PlacementConstraintSpec, PlacementStrategySpec, TaskDemand } from './types.js'

const EXPRESSIONS = [
  'attribute:ecs.instance-type =~ m5.*',
  'attribute:ecs.availability-zone != us-east-1b',
  'not(task:group == service:web)',
  'runningTasksCount < 4',
]
const STRATEGIES: PlacementStrategySpec[] = [
  { type: 'binpack', field: 'cpu' },
  { type: 'binpack', field: 'memory' },
  { type: 'spread', field: 'instanceId' },
  { type: 'spread', field: 'attribute', attribute: 'ecs.availability-zone' },
  { type: 'random' },
]

/**
 * An oracle written apart from the checkers: can `inst`, carrying `placed` tasks of this
 * request already, take one more?
 */
function fits(inst: CandidateInstance, placed: number, demand: TaskDemand, constraints: readonly PlacementConstraintSpec[]): boolean {
  if (inst.status !== 'ACTIVE' || !inst.agentConnected) return false
  if (inst.remainingCpu - placed * demand.cpu < demand.cpu) return false
  if (inst.remainingMemory - placed * demand.memory < demand.memory) return false
  const hasStatic = demand.tcpPorts.length + demand.udpPorts.length > 0
  if (hasStatic && placed > 0) return false
  if (demand.tcpPorts.some((p) => inst.tcpPortsInUse.has(p))) return false
  const groups = [...inst.taskGroups, ...Array<string>(placed).fill(demand.group)]
  for (const c of constraints) {
    if (c.type === 'distinctInstance' && groups.includes(demand.group)) return false
    if (c.type === 'memberOf' && !evaluateQuery(c.query, { ...inst, taskGroups: groups })) return false
  }
  return true
}

describe('place: properties over random clusters', () => {
  it('never over-commits, places only where the task fits, and fails only when nothing fits', () => {
    const random = seededRandom('property')
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
    for (let round = 0; round < 300; round++) {
      const instances = randomInstances(1 + Math.floor(random() * 30), random)
      const demand = mockDemand({
        cpu: pick([0, 128, 512, 1024]),
        memory: pick([128, 512, 2048]),
        tcpPorts: random() < 0.3 ? [80] : [],
        group: pick(['service:web', 'service:api']),
      })
      const constraints: PlacementConstraintSpec[] = [
        ...(random() < 0.3 ? [{ type: 'distinctInstance' as const }] : []),
        ...(random() < 0.5 ? [pick(EXPRESSIONS)].map((e) => ({ type: 'memberOf' as const, expression: e, query: parseQuery(e) })) : []),
      ]
      const strategies = Array.from({ length: Math.floor(random() * 3) }, () => pick(STRATEGIES))
      const count = 1 + Math.floor(random() * 12)
      const result = place(indexCluster(instances), { demand, count, constraints, strategies, seed: `r${round}` })

      const placed = new Map<CandidateInstance, number>()
      let failed = false
      for (const t of result.tasks) {
        if (t.kind === 'unplaced') {
          failed = true
          const anyFits = instances.some((inst) => fits(inst, placed.get(inst) ?? 0, demand, constraints))
          assert.equal(anyFits, false, `round ${round}: unplaced while an instance fits`)
          continue
        }
        assert.equal(failed, false, `round ${round}: placed after a failure`)
        const n = placed.get(t.instance) ?? 0
        assert.ok(fits(t.instance, n, demand, constraints), `round ${round}: placed on ${t.instance.id}, which does not fit`)
        placed.set(t.instance, n + 1)
      }
      for (const [inst, n] of placed) {
        assert.ok(inst.remainingCpu - n * demand.cpu >= 0, `round ${round}: ${inst.id} CPU over-committed`)
        assert.ok(inst.remainingMemory - n * demand.memory >= 0, `round ${round}: ${inst.id} memory over-committed`)
      }
      assert.equal(result.placedCount, [...placed.values()].reduce((a, b) => a + b, 0))
    }
  })
})

describe('place: the cluster cache', () => {
  it('answers every request on a shared cluster as a freshly indexed one would', () => {
    const random = seededRandom('cache')
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
    const instances = randomInstances(60, random)
    const shared = indexCluster(instances)
    for (let round = 0; round < 200; round++) {
      const expression = pick(EXPRESSIONS)
      const request = {
        demand: mockDemand({
          memory: pick([256, 1024]),
          group: pick(['service:web', 'service:api', 'family:batch']),
          tcpPorts: random() < 0.3 ? [80] : [],
          requiredAttributes: random() < 0.3 ? [{ name: 'ecs.instance-type', value: pick(['m5.large', 'c5.large']) }] : [],
        }),
        count: 1 + Math.floor(random() * 8),
        constraints: [
          ...(random() < 0.5 ? [{ type: 'memberOf' as const, expression, query: parseQuery(expression) }] : []),
          ...(random() < 0.3 ? [{ type: 'distinctInstance' as const }] : []),
        ],
        strategies: Array.from({ length: Math.floor(random() * 3) }, () => pick(STRATEGIES)),
        seed: `c${round}`,
      }
      assert.deepEqual(place(shared, request), place(indexCluster(instances), request), `round ${round}`)
    }
  })
})
