import { CreateClusterCommand, DescribeTasksCommand, StopTaskCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { WebSocket } from 'ws'
import { AGENT_HEADERS, hashInstanceSecret } from '../../core/agent-credentials.js'
import { AGENT_CHANNEL_PATH, type ServerMessage } from '../../core/agent-protocol.js'
import type { TaskDefinition } from '../../core/aws-model/ecs.types.js'
import { mockInstance, mockTask } from '../../testing/mock.js'
import { startTestServer, type TestServer } from '../../testing/server.js'

/** A scripted agent: a raw WebSocket that queues what the server sends. */
class FakeAgent {
  readonly inbox: ServerMessage[] = []
  #waiters: (() => void)[] = []
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.inbox.push(JSON.parse(d.toString()) as ServerMessage)
      this.#waiters.splice(0).forEach((w) => w())
    })
  }
  static connect(endpoint: string, token: string): Promise<FakeAgent> {
    const headers = { [AGENT_HEADERS.joinToken]: token, [AGENT_HEADERS.instanceSecret]: INSTANCE_SECRET }
    const ws = new WebSocket(endpoint.replace('http', 'ws') + AGENT_CHANNEL_PATH, { headers })
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new FakeAgent(ws)))
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
      ws.once('error', reject)
    })
  }
  send(message: unknown) {
    this.ws.send(JSON.stringify(message))
  }
  async next<T extends ServerMessage['type']>(type: T): Promise<Extract<ServerMessage, { type: T }>> {
    for (;;) {
      const i = this.inbox.findIndex((m) => m.type === type)
      if (i >= 0) return this.inbox.splice(i, 1)[0] as Extract<ServerMessage, { type: T }>
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} message within 5 s`)), 5_000)
        this.#waiters.push(() => (clearTimeout(timer), resolve()))
      })
    }
  }
  closed(): Promise<number> {
    return new Promise((resolve) => (this.ws.readyState === WebSocket.CLOSED ? resolve(-1) : this.ws.once('close', (code) => resolve(code))))
  }
}

const INSTANCE_SECRET = 'the-instance-secret'
const instance = mockInstance({ agentConnected: false, agentSecretHash: hashInstanceSecret(INSTANCE_SECRET) })
const task = mockTask({ containerInstanceArn: instance.arn })
const definition: TaskDefinition = {
  taskDefinitionArn: task.taskDefinitionArn,
  family: 'web',
  revision: 1,
  status: 'ACTIVE' as const,
  containerDefinitions: [{ name: 'app', image: 'web', essential: true, memory: 256 }],
}

describe('the agent channel', () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer({ joinToken: 'secret', agentSilenceTimeoutMs: 1_000 })
    await t.ecs.send(new CreateClusterCommand({}))
    await t.store.txn(async (tx) => {
      await tx.containerInstances.put(instance)
      await tx.taskDefinitions.put(definition)
      await tx.tasks.put(task)
    })
  })
  after(() => t.close())

  it('refuses an agent without the join token', async () => {
    await assert.rejects(FakeAgent.connect(t.endpoint, 'wrong'), /HTTP 401/)
  })

  it('sends the desired tasks on hello, acknowledges reports, pushes changes, and notes disconnects', async () => {
    const agent = await FakeAgent.connect(t.endpoint, 'secret')
    agent.send({ type: 'hello', protocol: 1, containerInstanceArn: instance.arn, tasks: [] })
    const first = await agent.next('desired')
    assert.deepEqual(first.tasks.map((d) => [d.taskArn, d.desiredStatus]), [[task.arn, 'RUNNING']])
    assert.equal(first.tasks[0]?.taskDefinition.family, 'web')
    assert.equal((await t.store.read((tx) => tx.containerInstances.get(instance.arn)))?.agentConnected, true)

    agent.send({
      type: 'report',
      seq: 1,
      tasks: [{ taskArn: task.arn, knownStatus: 'RUNNING', containers: [{ name: 'app', status: 'RUNNING', runtimeId: 'abc' }], startedAt: Date.now() }],
    })
    assert.equal((await agent.next('ack')).seq, 1)
    const running = await t.ecs.send(new DescribeTasksCommand({ tasks: [task.arn] }))
    assert.equal(running.tasks?.[0]?.lastStatus, 'RUNNING')
    assert.equal(running.tasks?.[0]?.containers?.[0]?.runtimeId, 'abc')

    await t.ecs.send(new StopTaskCommand({ task: task.arn }))
    assert.deepEqual((await agent.next('desired')).tasks.map((d) => d.desiredStatus), ['STOPPED'])

    agent.send({ type: 'report', seq: 2, tasks: [{ taskArn: task.arn, knownStatus: 'STOPPED', containers: [{ name: 'app', status: 'STOPPED', exitCode: 0 }] }] })
    assert.equal((await agent.next('ack')).seq, 2)
    assert.deepEqual((await agent.next('desired')).tasks, [], 'a stopped task is no longer wanted')

    agent.ws.close()
    await agent.closed()
    for (let i = 0; i < 50 && (await t.store.read((tx) => tx.containerInstances.get(instance.arn)))?.agentConnected; i++) {
      await new Promise((r) => setTimeout(r, 20))
    }
    assert.equal((await t.store.read((tx) => tx.containerInstances.get(instance.arn)))?.agentConnected, false)
  })

  it('cuts off an agent that goes silent', async () => {
    const agent = await FakeAgent.connect(t.endpoint, 'secret')
    agent.send({ type: 'hello', protocol: 1, containerInstanceArn: instance.arn, tasks: [] })
    await agent.next('desired')
    const started = Date.now()
    await agent.closed()
    assert.ok(Date.now() - started >= 800, 'closed only after the silence timeout')
  })

  it('closes the channel of an instance it does not know', async () => {
    const agent = await FakeAgent.connect(t.endpoint, 'secret')
    agent.send({ type: 'hello', protocol: 1, containerInstanceArn: 'arn:aws:ecs:us-east-1:000000000000:container-instance/default/nope', tasks: [] })
    assert.equal(await agent.closed(), 4004)
  })
})
