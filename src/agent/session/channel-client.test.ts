import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { WebSocketServer, type WebSocket } from 'ws'
import type { AgentMessage, ServerMessage } from '../../core/agent-protocol.js'
import type { Logger } from '../../core/log.js'
import { waitFor } from '../../testing/wait.js'
import { ChannelClient } from './channel-client.js'

/** A logger that keeps its warnings. */
function recordingLogger(): Logger & { warnings: { message: string; fields?: Record<string, unknown> }[] } {
  const warnings: { message: string; fields?: Record<string, unknown> }[] = []
  return { info: () => undefined, error: () => undefined, warn: (message, fields) => void warnings.push(fields ? { message, fields } : { message }), warnings }
}

const DESIRED: ServerMessage = {
  type: 'desired',
  tasks: [
    {
      taskArn: 'arn:aws:ecs:us-east-1:000000000000:task/default/abc',
      clusterName: 'default',
      desiredStatus: 'RUNNING',
      taskDefinition: { family: 'web', containerDefinitions: [{ name: 'app', image: 'busybox' }] },
      overrides: {},
      containers: [{ name: 'app', containerArn: 'arn:aws:ecs:us-east-1:000000000000:container/default/abc/c0' }],
      version: 3,
    },
  ],
}

describe('the agent end of the channel', () => {
  let wss: WebSocketServer
  let url: string
  const peers: WebSocket[] = []
  before(async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
    url = `http://127.0.0.1:${(wss.address() as AddressInfo).port}`
    wss.on('connection', (ws) => peers.push(ws))
  })
  after(() => new Promise<void>((resolve) => (wss.clients.forEach((c) => c.terminate()), wss.close(() => resolve()))))

  it('hands each well-formed server frame to its kind\'s handler, and drops and logs every malformed one', async () => {
    const logger = recordingLogger()
    const got: ServerMessage[] = []
    const client = new ChannelClient({
      serverUrl: url,
      joinToken: 't',
      instanceSecret: 's',
      containerInstanceArn: 'arn:aws:ecs:us-east-1:000000000000:container-instance/default/1',
      logger,
      heartbeatMs: 60_000,
      knownTasks: () => [],
      handlers: { desired: (m) => void got.push(m), ack: (m) => void got.push(m) },
      onForgotten: () => undefined,
    })
    const hello = new Promise<AgentMessage>((resolve) => wss.once('connection', (ws) => ws.once('message', (d) => resolve(JSON.parse(d.toString()) as AgentMessage))))
    client.start()
    assert.equal((await hello).type, 'hello')
    const server = peers[peers.length - 1]!
    const malformed = [
      'not json',
      '[1, 2]',
      '{"type": "surprise"}',
      '{"type": "ack", "seq": -1}',
      '{"type": "ack", "seq": "7"}',
      '{"type": "desired"}',
      '{"type": "desired", "tasks": [{"taskArn": 5}]}',
      JSON.stringify({ ...DESIRED, tasks: [{ ...(DESIRED as { tasks: object[] }).tasks[0], desiredStatus: 'PAUSED' }] }),
      JSON.stringify({ ...DESIRED, tasks: [{ ...(DESIRED as { tasks: object[] }).tasks[0], taskDefinition: { containerDefinitions: [{ name: 'app' }] } }] }),
    ]
    for (const frame of malformed) server.send(frame)
    server.send(JSON.stringify(DESIRED))
    server.send(JSON.stringify({ type: 'ack', seq: 4 }))
    await waitFor('the two well-formed frames', async () => got.length, (n) => n >= 2)
    assert.deepEqual(got, [DESIRED, { type: 'ack', seq: 4 }], 'only the well-formed frames reach the handlers, in order')
    assert.equal(logger.warnings.length, malformed.length, 'each malformed frame is logged once')
    assert.ok(logger.warnings.every((w) => w.message === 'dropped a malformed server frame'))
    assert.deepEqual(
      logger.warnings.map((w) => w.fields?.['why']),
      [
        'not JSON',
        'not a JSON object',
        'unknown message type "surprise"',
        'ack.seq is not a non-negative integer',
        'ack.seq is not a non-negative integer',
        'desired.tasks is not an array',
        'desired.tasks[0].taskArn is not a string',
        'desired.tasks[0].desiredStatus is not one of "RUNNING", "STOPPED"',
        'desired.tasks[0].taskDefinition.containerDefinitions[0].image is not a string',
      ],
    )
    assert.equal(client.send({ type: 'heartbeat' }), true, 'the channel is still up')
    await client.stop()
  })
})
