import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TaskReport } from '../agent-protocol.js'
import { applyAgentReport } from './apply-agent-report.js'
import { mockTask } from '../../testing/mock.js'
import type { TaskRecord } from './task.js'

const task = (over: Partial<TaskRecord> = {}): TaskRecord =>
  mockTask({
    id: 't1',
    containerInstanceArn: 'arn:aws:ecs:us-east-1:000000000000:container-instance/default/i1',
    reservation: { cpu: 0, memory: 128, tcpPorts: [], udpPorts: [] },
    containers: [{ name: 'app', containerArn: 'c1', image: 'web', essential: true, lastStatus: 'PENDING', networkBindings: [] }],
    createdAt: 1_000,
    ...over,
  })

const report = (over: Partial<TaskReport> = {}): TaskReport => ({
  taskArn: task().arn,
  knownStatus: 'RUNNING',
  containers: [{ name: 'app', status: 'RUNNING', runtimeId: 'abc', networkBindings: [{ hostPort: 32768, containerPort: 80, bindIP: '127.0.0.2', protocol: 'tcp' }] }],
  startedAt: 5_000,
  ...over,
})

describe('applyAgentReport', () => {
  it('moves a pending task to RUNNING with what the agent saw, once', () => {
    const next = applyAgentReport(task(), report(), 9_000)!
    assert.equal(next.lastStatus, 'RUNNING')
    assert.equal(next.startedAt, 5_000)
    assert.equal(next.containers[0]?.runtimeId, 'abc')
    assert.equal(next.containers[0]?.networkBindings[0]?.hostPort, 32768)
    assert.equal(next.version, 2)
    assert.equal(applyAgentReport(next, report(), 10_000), undefined, 'the same report again changes nothing')
  })

  it('never moves a task or a container backwards', () => {
    const running = applyAgentReport(task(), report(), 9_000)!
    const stale = applyAgentReport(running, report({ knownStatus: 'PENDING', containers: [{ name: 'app', status: 'PENDING' }] }), 9_500)
    assert.equal(stale, undefined)
  })

  it('stops the task for good when the agent reports it STOPPED, keeping its reason', () => {
    const next = applyAgentReport(
      task({ lastStatus: 'RUNNING' }),
      report({
        knownStatus: 'STOPPED',
        containers: [{ name: 'app', status: 'STOPPED', exitCode: 3 }],
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
      }),
      20_000,
    )!
    assert.equal(next.desiredStatus, 'STOPPED')
    assert.equal(next.stoppedAt, 20_000)
    assert.equal(next.stoppingAt, 20_000)
    assert.equal(next.stopCode, 'EssentialContainerExited')
    assert.equal(next.containers[0]?.exitCode, 3)
  })

  it('keeps the reason a user gave when stopping over the agent’s', () => {
    const stopping = task({ lastStatus: 'RUNNING', desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user' })
    const next = applyAgentReport(stopping, report({ knownStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'x' }), 1)!
    assert.equal(next.stopCode, 'UserInitiated')
    assert.equal(next.stoppedReason, 'Task stopped by user')
  })

  it('ignores containers the task does not have', () => {
    const next = applyAgentReport(task(), report({ containers: [{ name: 'ghost', status: 'RUNNING' }] }), 1)!
    assert.deepEqual(next.containers.map((c) => c.name), ['app'])
  })

  it('stores an awsvpc task’s interface from the report, keeps it when a later report has none, and takes none for other tasks', () => {
    const nic = { privateIpv4Address: '172.17.0.5', macAddress: '02:42:ac:11:00:05' }
    const awsvpc = task({ networkMode: 'awsvpc', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } } })
    const attached = applyAgentReport(awsvpc, report({ networkInterface: nic }), 9_000)!
    assert.deepEqual(attached.networkInterface, nic)
    assert.deepEqual(attached.networkConfiguration, awsvpc.networkConfiguration, 'the API’s field is left as it was')
    assert.equal(applyAgentReport(attached, report({ networkInterface: { ...nic } }), 9_500), undefined, 'the same interface again changes nothing')
    const stopped = applyAgentReport(attached, report({ knownStatus: 'STOPPED', containers: [{ name: 'app', status: 'STOPPED', exitCode: 0 }] }), 10_000)!
    assert.deepEqual(stopped.networkInterface, nic, 'a report without it does not take it away')
    assert.equal(applyAgentReport(task(), report({ networkInterface: nic }), 9_000)?.networkInterface, undefined, 'a bridge task has no interface of its own')
  })
})
