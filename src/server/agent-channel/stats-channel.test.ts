import { CreateClusterCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AGENT_HEADERS, hashInstanceSecret } from '../../core/agent-credentials.js'
import type { Logger } from '../../core/log.js'
import { ChannelPeer } from '../../testing/channel-peer.js'
import { RecordingMetricStore } from '../../testing/recording-metric-store.js'
import { mockInstance, mockTask } from '../../testing/mock.js'
import { startTestServer, type TestServer } from '../../testing/server.js'

const SECRET = 'the-instance-secret'
const MIB = 1024 * 1024
const instance = mockInstance({ agentSecretHash: hashInstanceSecret(SECRET), agentConnected: false })
const other = mockInstance({ id: '2'.repeat(32), agentSecretHash: hashInstanceSecret('another') })
const running = { lastStatus: 'RUNNING' as const, cpu: '256', memory: '512' }
const web = mockTask({ id: 'b'.repeat(32), group: 'service:web', containerInstanceArn: instance.arn, ...running })
const elsewhere = mockTask({ id: 'c'.repeat(32), group: 'service:api', containerInstanceArn: other.arn, ...running })

describe('stats on the agent channel', () => {
  let t: TestServer
  const metrics = new RecordingMetricStore()
  const warnings: { message: string; fields?: Record<string, unknown> }[] = []
  const logger: Logger = { info: () => undefined, error: () => undefined, warn: (message, fields) => void warnings.push(fields ? { message, fields } : { message }) }

  before(async () => {
    t = await startTestServer({ metrics, logger, metricsIntervalMs: 50 })
    await t.ecs.send(new CreateClusterCommand({}))
    await t.store.txn(async (tx) => {
      await tx.containerInstances.put(instance)
      await tx.containerInstances.put(other)
      await tx.tasks.put(web)
      await tx.tasks.put(elsewhere)
    })
  })
  after(() => t.close())

  it('drops and logs malformed agent frames without closing the channel, and turns stats into AWS/ECS metrics', async () => {
    const agent = await ChannelPeer.connect(t.endpoint, { [AGENT_HEADERS.joinToken]: t.joinToken, [AGENT_HEADERS.instanceSecret]: SECRET })
    agent.send({ type: 'hello', protocol: 1, containerInstanceArn: instance.arn, tasks: [] })
    await agent.next('desired')

    const malformed: [unknown, string][] = [
      [{ type: 'stats' }, 'stats.tasks is not an array'],
      [{ type: 'stats', tasks: [{ taskArn: web.arn, containers: [{ name: 'app', timestamp: 1, cpuUnits: '9', memoryBytes: 1 }] }] }, 'stats.tasks[0].containers[0].cpuUnits is not a finite number'],
      [{ type: 'stats', tasks: [{ taskArn: web.arn, containers: [{ name: 'app', timestamp: 1, cpuUnits: -1, memoryBytes: 1 }] }] }, 'stats.tasks[0].containers[0].cpuUnits is negative'],
      [{ type: 'logs', seq: 1, batches: [{}] }, 'logs.batches[0].logGroupName is not a string'],
      [{ type: 'logs', seq: 1, batches: [{ logGroupName: 'g', logStreamName: 's', createGroup: false, events: [{ timestamp: 1 }] }] }, 'logs.batches[0].events[0].message is not a string'],
      [{ type: 'report', seq: 1, tasks: [{ taskArn: web.arn, knownStatus: 'DANCING', containers: [] }] }, 'report.tasks[0].knownStatus is not one of "PROVISIONING", "PENDING", "ACTIVATING", "RUNNING", "DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED"'],
      [{ type: 'report', seq: 1, tasks: [{ taskArn: web.arn, knownStatus: 'RUNNING', containers: [{ name: 'app', status: 'RUNNING', exitCode: 'zero' }] }] }, 'report.tasks[0].containers[0].exitCode is not a finite number'],
      [{ type: 'nonsense' }, 'unknown message type "nonsense"'],
    ]
    for (const [frame] of malformed) agent.send(frame)
    agent.ws.send('{not json')
    // A well-formed report after them is still acknowledged: the channel survived, in order.
    agent.send({ type: 'report', seq: 9, tasks: [] })
    assert.equal((await agent.next('ack')).seq, 9)
    const dropped = warnings.filter((w) => w.message === 'dropped a malformed agent frame').map((w) => w.fields?.['why'])
    assert.deepEqual(dropped, [...malformed.map(([, why]) => why), 'not JSON'])

    // 128 of 256 units and 128 of 512 MiB; the stats for a task on another instance are not this agent's to give.
    const sample = (cpuUnits: number, mib: number) => [{ name: 'app', timestamp: Date.now(), cpuUnits, memoryBytes: mib * MIB }]
    agent.send({ type: 'stats', tasks: [{ taskArn: web.arn, containers: sample(128, 128) }, { taskArn: elsewhere.arn, containers: sample(256, 256) }] })
    const cpu = await metrics.until(() => metrics.of('CPUUtilization', { ClusterName: 'default', ServiceName: 'web' })[0])
    assert.equal(cpu.values.sum, 50)
    assert.equal(cpu.unit, 'Percent')
    assert.equal(metrics.of('MemoryUtilization', { ClusterName: 'default', ServiceName: 'web' })[0]?.values.sum, 25)
    assert.deepEqual(metrics.of('CPUUtilization', { ClusterName: 'default', ServiceName: 'api' }), [], "another instance's task is not this agent's to report")
    // Cluster: 128 used of 4096 registered by the two ACTIVE instances; 512 reserved of 4096.
    assert.equal(metrics.of('CPUUtilization', { ClusterName: 'default' })[0]?.values.sum, 3.125)
    assert.equal(metrics.of('CPUReservation', { ClusterName: 'default' }).at(-1)?.values.sum, 12.5)
    agent.ws.close()
    await agent.closed()
  })
})
