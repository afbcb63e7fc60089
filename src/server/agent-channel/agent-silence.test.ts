import { CreateClusterCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { WebSocket } from 'ws'
import { AGENT_HEADERS, hashInstanceSecret } from '../../core/agent-credentials.js'
import { AGENT_CHANNEL_PATH, type ServerMessage } from '../../core/agent-protocol.js'
import { mockInstance } from '../../testing/mock.js'
import { startTestServer, type TestServer } from '../../testing/server.js'

/**
 * Finding 1 of the security review: while one request held the event loop for 95 s, both
 * healthy agents were declared silent and their tasks DISCONNECTED. Their heartbeats had
 * arrived; they sat unread in the socket because the server was busy, and the silence timer,
 * due long before, ran first when the loop came free. Here the server is made busy on
 * purpose: the agent's heartbeat is written to the socket, then this process (the server's
 * own) blocks synchronously for three silence timeouts. A healthy agent must still be there
 * afterwards: its next report is acknowledged rather than its channel closed.
 */
const TIMEOUT_MS = 200
const INSTANCE_SECRET = 'the-instance-secret'

describe('an agent is not judged silent because the server was busy', () => {
  let t: TestServer
  const instance = mockInstance({ agentConnected: false, agentSecretHash: hashInstanceSecret(INSTANCE_SECRET) })
  before(async () => {
    t = await startTestServer({ joinToken: 'secret', agentSilenceTimeoutMs: TIMEOUT_MS })
    await t.ecs.send(new CreateClusterCommand({}))
    await t.store.txn((tx) => tx.containerInstances.put(instance))
  })
  after(() => t.close())

  it('keeps a healthy agent whose heartbeat waited behind a blocked event loop', async () => {
    const ws = new WebSocket(t.endpoint.replace('http', 'ws') + AGENT_CHANNEL_PATH, {
      headers: { [AGENT_HEADERS.joinToken]: 'secret', [AGENT_HEADERS.instanceSecret]: INSTANCE_SECRET },
    })
    const inbox: ServerMessage[] = []
    const heard = new Set<() => void>()
    ws.on('message', (d) => {
      inbox.push(JSON.parse(d.toString()) as ServerMessage)
      heard.forEach((f) => f())
    })
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    /** The first message of `type`, or the close code if the channel closes first. */
    const next = (type: ServerMessage['type']) =>
      Promise.race([
        closed.then((code) => `closed with ${code}`),
        new Promise<ServerMessage>((resolve) => {
          const look = () => {
            const m = inbox.find((x) => x.type === type)
            if (!m) return
            heard.delete(look)
            resolve(m)
          }
          heard.add(look)
          look()
        }),
      ])
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)))
    ws.send(JSON.stringify({ type: 'hello', protocol: 1, containerInstanceArn: instance.arn, tasks: [] }))
    assert.equal(((await next('desired')) as ServerMessage).type, 'desired')

    ws.send(JSON.stringify({ type: 'heartbeat' }))
    // The server is this process: nothing it has been sent can be read until this returns.
    const until = performance.now() + 3 * TIMEOUT_MS
    while (performance.now() < until) {
      // busy, as a request that holds the event loop would be
    }
    ws.send(JSON.stringify({ type: 'report', seq: 1, tasks: [] }))
    const answer = await next('ack')
    assert.deepEqual(answer, { type: 'ack', seq: 1 }, 'the agent was cut off although its heartbeat had arrived')
    assert.equal((await t.store.read((tx) => tx.containerInstances.get(instance.arn)))?.agentConnected, true)
    ws.close()
    await closed
  })
})
