import { DescribeTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand, StopTaskCommand, type Task } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AGENT_HEADERS } from '../../core/agent-credentials.js'
import type { Logger } from '../../core/log.js'
import { ChannelPeer } from '../../testing/channel-peer.js'
import { registerAsAgent, registerInstance } from '../../testing/container-instances.js'
import { startFakeCluster, type FakeCluster } from '../../testing/fake-cluster.js'
import { waitFor } from '../../testing/wait.js'
import { CLOSE } from './agent-session.js'

/**
 * Finding 3 of the security review: a WebSocket client that named a registered instance's ARN
 * received its whole desired task set (environment values included), evicted the real agent,
 * and its forged report marked a running task STOPPED. Here an impostor tries exactly that,
 * holding the join token (every agent of the cluster has it) but not the instance's secret.
 */
describe('an impostor on the agent channel', () => {
  let c: FakeCluster
  let taskArn: string
  const connectedLines: string[] = []
  const refusals: Record<string, unknown>[] = []
  const logger: Logger = {
    info: (message, fields) => void (message === 'agent connected' && connectedLines.push(String(fields?.['instance']))),
    warn: (message, fields) => void (message === 'agent channel refused' && refusals.push({ ...fields })),
    error: () => undefined,
  }
  const asAgent = (secret?: string) => ({ [AGENT_HEADERS.joinToken]: 'join-me', ...(secret ? { [AGENT_HEADERS.instanceSecret]: secret } : {}) })
  const hello = (peer: ChannelPeer, arn: string) => peer.send({ type: 'hello', protocol: 1, containerInstanceArn: arn, tasks: [] })
  const describeTask = async (): Promise<Task> => (await c.server.ecs.send(new DescribeTasksCommand({ cluster: c.name, tasks: [taskArn] }))).tasks![0]!

  before(async () => {
    c = await startFakeCluster({ hosts: 1, server: { joinToken: 'join-me', logger } })
    const environment = [{ name: 'DB_PASSWORD', value: 'hunter2' }]
    await c.server.ecs.send(new RegisterTaskDefinitionCommand({ family: 'secretive', containerDefinitions: [{ name: 'app', image: 'idle', memory: 64, environment }] }))
    taskArn = (await c.server.ecs.send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'secretive' }))).tasks![0]!.taskArn!
    await waitFor('the task RUNNING', describeTask, (t) => t.lastStatus === 'RUNNING')
  })
  after(() => c?.close())

  it('with the join token but not the secret: is sent no desired task, evicts nobody, changes nothing', async () => {
    const real = c.hosts[0]!
    const impostor = await ChannelPeer.connect(c.server.endpoint, { authorization: 'Bearer join-me', 'x-berth-join-token': 'join-me' })
    impostor.send({ type: 'hello', protocol: 1, containerInstanceArn: real.arn, tasks: [] })
    impostor.send({ type: 'report', seq: 1, tasks: [{ taskArn, knownStatus: 'STOPPED', containers: [{ name: 'app', status: 'STOPPED', exitCode: 0 }] }] })

    const outcome = await impostor.nextOrClose('desired')
    assert.ok('code' in outcome, `the impostor was sent the instance's desired tasks: ${JSON.stringify(outcome).slice(0, 300)}`)
    assert.equal(outcome.code, CLOSE.refused)
    assert.match(outcome.reason, /secret/)
    assert.deepEqual(refusals.at(-1), { instance: real.arn, reason: 'no instance secret', from: '127.0.0.1' })

    const task = await describeTask()
    assert.equal(task.lastStatus, 'RUNNING', 'the forged report changed nothing')
    assert.equal(task.desiredStatus, 'RUNNING')
    assert.deepEqual(connectedLines, [real.arn], 'only the real agent ever had a session: it was not replaced')
    assert.deepEqual(c.server.channel.connected(), [real.arn])

    // The real agent is still the one the server talks to: a stop reaches it, and its report ends the task.
    await c.server.ecs.send(new StopTaskCommand({ cluster: c.name, task: taskArn }))
    const stopped = await waitFor('the task STOPPED by its agent', describeTask, (t) => t.lastStatus === 'STOPPED')
    assert.equal(stopped.stopCode, 'UserInitiated')
  })

  it("with its own instance's secret: cannot open another instance's session", async () => {
    const own = await registerAsAgent(c.server.endpoint, { joinToken: 'join-me' }, { cluster: c.name })
    const impostor = await ChannelPeer.connect(c.server.endpoint, asAgent(own.secret))
    hello(impostor, c.hosts[0]!.arn)
    assert.equal(await impostor.closed(), CLOSE.refused)
    assert.equal(refusals.at(-1)?.['reason'], 'wrong instance secret')
    assert.deepEqual(c.server.channel.connected(), [c.hosts[0]!.arn])
  })

  it('with no credentials at all: is refused before the channel opens, saying what is missing', async () => {
    await assert.rejects(ChannelPeer.connect(c.server.endpoint, {}), /HTTP 401: .*join token/)
    await assert.rejects(ChannelPeer.connect(c.server.endpoint, { [AGENT_HEADERS.joinToken]: 'guess' }), /HTTP 401/)
    assert.deepEqual(refusals.at(-1), { reason: 'wrong join token', from: '127.0.0.1' })
  })
})

/** The instance secret is also what lets a reconnecting agent take its own session back. */
describe('instance secrets on the agent channel', () => {
  let c: FakeCluster
  before(async () => (c = await startFakeCluster({ server: { joinToken: 'join-me' } })))
  after(() => c?.close())
  const asAgent = (secret?: string) => ({ [AGENT_HEADERS.joinToken]: 'join-me', ...(secret ? { [AGENT_HEADERS.instanceSecret]: secret } : {}) })
  const hello = (peer: ChannelPeer, arn: string) => peer.send({ type: 'hello', protocol: 1, containerInstanceArn: arn, tasks: [] })

  it('a newer session with the same secret replaces the older one (an agent that reconnected early)', async () => {
    const r = await registerAsAgent(c.server.endpoint, { joinToken: 'join-me' }, { cluster: c.name })
    const old = await ChannelPeer.connect(c.server.endpoint, asAgent(r.secret))
    hello(old, r.arn!)
    await old.next('desired')
    const fresh = await ChannelPeer.connect(c.server.endpoint, asAgent(r.secret))
    hello(fresh, r.arn!)
    await fresh.next('desired')
    assert.equal(await old.closed(), CLOSE.replaced)
    fresh.ws.close()
  })

  it('an instance registered through the plain API has no secret, so no channel', async () => {
    const arn = await registerInstance(c.server.ecs, { cluster: c.name })
    const peer = await ChannelPeer.connect(c.server.endpoint, asAgent())
    hello(peer, arn)
    assert.equal(await peer.closed(), CLOSE.refused)
  })
})
