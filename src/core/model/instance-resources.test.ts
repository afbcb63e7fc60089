import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Resource } from '../aws-model/ecs.types.js'
import { countTasks, remainingResources, taskGroups, type TaskFootprint } from './instance-resources.js'

const registered: Resource[] = [
  { name: 'CPU', type: 'INTEGER', doubleValue: 0, longValue: 0, integerValue: 2048 },
  { name: 'MEMORY', type: 'INTEGER', doubleValue: 0, longValue: 0, integerValue: 3955 },
  { name: 'PORTS', type: 'STRINGSET', doubleValue: 0, longValue: 0, integerValue: 0, stringSetValue: ['22', '51678'] },
  { name: 'PORTS_UDP', type: 'STRINGSET', doubleValue: 0, longValue: 0, integerValue: 0, stringSetValue: [] },
]
const task = (over: Partial<TaskFootprint>): TaskFootprint => ({
  status: 'RUNNING', group: 'family:web', cpu: 0, memory: 0, tcpPorts: [], udpPorts: [], ...over,
})
const summary = (rs: Resource[]) => rs.map((r) => r.stringSetValue ?? r.integerValue)

const rows: { tasks: TaskFootprint[]; want: unknown[]; why: string }[] = [
  { tasks: [], want: [2048, 3955, ['22', '51678'], []], why: 'no tasks: remaining = registered' },
  { tasks: [task({ cpu: 256, memory: 512, tcpPorts: [8080] })], want: [1792, 3443, ['22', '51678', '8080'], []], why: 'a running task reserves cpu, memory and its port' },
  { tasks: [task({ status: 'PENDING', cpu: 100, memory: 100, udpPorts: [53] })], want: [1948, 3855, ['22', '51678'], ['53']], why: 'a pending task reserves too' },
  { tasks: [task({ status: 'STOPPED', cpu: 1024, memory: 1024, tcpPorts: [80] })], want: [2048, 3955, ['22', '51678'], []], why: 'a stopped task holds nothing' },
  { tasks: [task({ cpu: 10, tcpPorts: [22] }), task({ cpu: 10, tcpPorts: [80] })], want: [2028, 3955, ['22', '51678', '80'], []], why: 'ports are a set; reservations add up' },
]

describe('remainingResources', () => {
  for (const { tasks, want, why } of rows) {
    it(why, () => assert.deepEqual(summary(remainingResources(registered, tasks)), want))
  }
  it('leaves the registered list untouched', () => {
    remainingResources(registered, [task({ cpu: 1, tcpPorts: [1] })])
    assert.deepEqual(summary(registered), [2048, 3955, ['22', '51678'], []])
  })
})

describe('task counts and groups', () => {
  const tasks = [task({}), task({ status: 'PENDING', group: 'service:api' }), task({ status: 'STOPPED', group: 'gone' })]
  it('counts RUNNING and PENDING apart, and ignores STOPPED', () => assert.deepEqual(countTasks(tasks), { running: 1, pending: 1 }))
  it('lists the groups of live tasks', () => assert.deepEqual(taskGroups(tasks), ['family:web', 'service:api']))
})
