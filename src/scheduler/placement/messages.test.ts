import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { indexCluster } from './cluster.js'
import { describeUnplaced, toEcsFailures } from './messages.js'
import { mockDemand, mockInstance as ci } from './mock.js'
import { place } from './place.js'
import type { CandidateInstance, TaskDemand, Unplaced } from './types.js'

function unplacedOn(instances: CandidateInstance[], demand: Partial<TaskDemand> = {}): Unplaced {
  const t = place(indexCluster(instances), { demand: mockDemand(demand), count: 1, constraints: [], strategies: [], seed: 'x' }).tasks[0]
  assert.ok(t?.kind === 'unplaced')
  return t
}

describe('describeUnplaced', () => {
  const rows: { instances: CandidateInstance[]; demand?: Partial<TaskDemand>; want: string; why: string }[] = [
    { instances: [], why: 'empty cluster', want: 'no container instance met all of its requirements. Reason: No Container Instances were found in your cluster.' },
    { instances: [ci('abc', { remainingMemory: 1 })], why: 'memory', want: 'no container instance met all of its requirements. The closest matching (container-instance abc) has insufficient memory available.' },
    { instances: [ci('abc', { remainingCpu: 1 })], why: 'cpu', want: 'no container instance met all of its requirements. The closest matching (container-instance abc) has insufficient CPU units available.' },
    { instances: [ci('abc')], demand: { tcpPorts: [22] }, why: 'ports', want: 'no container instance met all of its requirements. The closest matching (container-instance abc) is already using a port required by your task.' },
    { instances: [ci('abc', { agentConnected: false })], why: 'agent', want: 'no container instance met all of its requirements. The closest matching (container-instance abc) encountered error "AGENT".' },
    { instances: [ci('abc')], demand: { requiredAttributes: [{ name: 'ecs.capability.gpu' }] }, why: 'attribute', want: 'no container instance met all of its requirements. The closest matching (container-instance abc) is missing an attribute required by your task.' },
  ]
  for (const { instances, demand, want, why } of rows) {
    it(why, () => assert.equal(describeUnplaced(unplacedOn(instances, demand)), want))
  }
})

describe('toEcsFailures', () => {
  it('gives each instance with ECS\'s reason string', () => {
    const u = unplacedOn(
      [ci('a', { remainingMemory: 1 }), ci('b', { remainingCpu: 1 }), ci('c', { agentConnected: false }), ci('d', { status: 'INACTIVE' }), ci('e', { udpPortsInUse: new Set([53]) })],
      { udpPorts: [53] },
    )
    assert.deepEqual(
      toEcsFailures(u).map((f) => `${f.arn.split('/').pop()} ${f.reason}`),
      ['a RESOURCE:MEMORY', 'b RESOURCE:CPU', 'c AGENT', 'd INACTIVE', 'e RESOURCE:PORTS_UDP'],
    )
  })
})
