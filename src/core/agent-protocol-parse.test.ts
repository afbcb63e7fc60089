import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { desiredTasksFor } from '../server/agent-channel/desired-tasks.js'
import { mockTask } from '../testing/mock.js'
import { parseAgentMessage, parseServerMessage } from './agent-protocol-parse.js'
import type { AgentMessage, ServerMessage, TaskReport } from './agent-protocol.js'

const fullReport: TaskReport = {
  taskArn: 'arn:aws:ecs:us-east-1:000000000000:task/default/abc',
  knownStatus: 'STOPPED',
  healthStatus: 'UNHEALTHY',
  pullStartedAt: 1_767_225_600_000,
  pullStoppedAt: 1_767_225_600_500.5,
  startedAt: 1_767_225_601_000,
  executionStoppedAt: 1_767_225_700_000,
  stopCode: 'EssentialContainerExited',
  stoppedReason: 'Essential container in task exited',
  networkInterface: { privateIpv4Address: '172.17.0.5', macAddress: '02:42:ac:11:00:05' },
  containers: [
    {
      name: 'app',
      status: 'STOPPED',
      runtimeId: 'f00',
      imageDigest: 'sha256:abc',
      exitCode: 137,
      reason: 'OutOfMemoryError: Container killed due to memory usage',
      networkBindings: [{ bindIP: '127.0.0.2', containerPort: 5000, hostPort: 32768, protocol: 'tcp' }],
      healthStatus: 'UNHEALTHY',
    },
  ],
}

describe('agent channel frames', () => {
  const agentFrames: AgentMessage[] = [
    { type: 'hello', protocol: 1, containerInstanceArn: 'arn:ci', tasks: [fullReport] },
    { type: 'report', seq: 3, tasks: [fullReport, { taskArn: 't', knownStatus: 'PENDING', containers: [] }] },
    { type: 'logs', seq: 4, batches: [{ logGroupName: '/ecs/web', logStreamName: 'web/app/abc', createGroup: true, events: [{ timestamp: 1, message: 'hi' }], firstSequence: 1 }] },
    { type: 'stats', tasks: [{ taskArn: 't', containers: [{ name: 'app', timestamp: 1, cpuUnits: 12.5, memoryBytes: 1024 }] }] },
    { type: 'heartbeat' },
  ]
  for (const frame of agentFrames) {
    it(`takes a well-formed ${frame.type} from an agent as it is`, () => assert.deepEqual(parseAgentMessage(JSON.stringify(frame)), { ok: true, message: frame }))
  }

  const definition = { family: 'web', revision: 1, containerDefinitions: [{ name: 'app', image: 'web', memory: 64 }] }
  const resolvedBase = desiredTasksFor([mockTask()], () => definition)[0]!
  const serverFrames: ServerMessage[] = [
    { type: 'desired', tasks: desiredTasksFor([mockTask({ overrides: { containerOverrides: [{ name: 'app', command: ['x'] }] } })], () => definition) },
    { type: 'desired', tasks: [] },
    {
      type: 'desired',
      tasks: desiredTasksFor([mockTask()], () => ({ ...definition, taskRoleArn: 'arn:aws:iam::000000000000:role/te' }), undefined, new Map([['arn:aws:iam::000000000000:role/te', { accessKeyId: 'A', secretAccessKey: 'S' }]])),
    },
    { type: 'ack', seq: 0 },
    {
      type: 'desired',
      tasks: [
        { ...resolvedBase, resolved: [{ name: 'app', fileEnvironment: { A: '1' }, secretEnvironment: { S: 's' }, registryAuth: { username: 'u', password: 'p' } }] },
        { ...resolvedBase, taskArn: 'other', initError: 'ResourceInitializationError: unable to pull secrets or registry auth: ...' },
      ],
    },
  ]
  for (const frame of serverFrames) {
    it(`takes a well-formed ${frame.type} from the server as it is`, () => assert.deepEqual(parseServerMessage(JSON.stringify(frame)), { ok: true, message: frame }))
  }

  it('refuses, with the reason, what an agent may not send the server and the server the agent', () => {
    assert.deepEqual(parseAgentMessage(JSON.stringify({ type: 'desired', tasks: [] })), { ok: false, error: 'unknown message type "desired"' })
    assert.deepEqual(parseServerMessage(JSON.stringify({ type: 'stats', tasks: [] })), { ok: false, error: 'unknown message type "stats"' })
    assert.deepEqual(parseAgentMessage(JSON.stringify({ type: 'hello', protocol: 2, containerInstanceArn: 'x', tasks: [] })), { ok: false, error: 'hello.protocol is not one of 1' })
    assert.deepEqual(parseAgentMessage(JSON.stringify({ type: 'toString' })), { ok: false, error: 'unknown message type "toString"' })
  })

  it('refuses resolved secrets that are not strings, naming where, never the value', () => {
    const task = { ...desiredTasksFor([mockTask()], () => definition)[0]!, resolved: [{ name: 'app', secretEnvironment: { S: 42 } }] }
    assert.deepEqual(parseServerMessage(JSON.stringify({ type: 'desired', tasks: [task] })), { ok: false, error: 'desired.tasks[0].resolved[0].secretEnvironment.S is not a string' })
    const auth = { ...task, resolved: [{ name: 'app', registryAuth: { username: 'u' } }] }
    assert.deepEqual(parseServerMessage(JSON.stringify({ type: 'desired', tasks: [auth] })), { ok: false, error: 'desired.tasks[0].resolved[0].registryAuth.password is not a string' })
  })

  it('refuses a task interface that is not an IPv4 address with a MAC address', () => {
    const report = (networkInterface: unknown) => JSON.stringify({ type: 'report', seq: 1, tasks: [{ ...fullReport, networkInterface }] })
    const cases: [unknown, string][] = [
      [{}, 'report.tasks[0].networkInterface.privateIpv4Address is not an IPv4 address'],
      [{ privateIpv4Address: '172.17.0.256' }, 'report.tasks[0].networkInterface.privateIpv4Address is not an IPv4 address'],
      [{ privateIpv4Address: '172.17.00.5' }, 'report.tasks[0].networkInterface.privateIpv4Address is not an IPv4 address'],
      [{ privateIpv4Address: 'fe80::1' }, 'report.tasks[0].networkInterface.privateIpv4Address is not an IPv4 address'],
      [{ privateIpv4Address: '172.17.0.5', macAddress: '02-42-ac-11-00-05' }, 'report.tasks[0].networkInterface.macAddress is not a MAC address'],
      [{ privateIpv4Address: '172.17.0.5', macAddress: '02:42:AC:11:00:05' }, 'report.tasks[0].networkInterface.macAddress is not a MAC address'],
      ['172.17.0.5', 'report.tasks[0].networkInterface is not an object'],
    ]
    for (const [nic, error] of cases) assert.deepEqual(parseAgentMessage(report(nic)), { ok: false, error }, JSON.stringify(nic))
    const bare = { privateIpv4Address: '10.0.0.1' }
    assert.deepEqual(parseAgentMessage(report(bare)), { ok: true, message: JSON.parse(report(bare)) }, 'the MAC address may be absent')
  })

  it("refuses a desired task whose role credentials lack a member the agent serves", () => {
    const [task] = desiredTasksFor([mockTask()], () => definition)
    const frame = { type: 'desired', tasks: [{ ...task, taskRole: { roleArn: 'arn:aws:iam::000000000000:role/te', accessKeyId: 'A' } }] }
    assert.deepEqual(parseServerMessage(JSON.stringify(frame)), { ok: false, error: 'desired.tasks[0].taskRole.secretAccessKey is not a string' })
  })
})
