import type { LogBatch, TaskReport } from '../../core/agent-protocol.js'
import type { TaskEngine } from '../engine/engine.js'
import { ChannelClient, type ChannelClientOptions } from './channel-client.js'
import { Outbox } from './outbox.js'

export type LinkOptions = Omit<ChannelClientOptions, 'knownTasks' | 'handlers' | 'onConnected'>

/**
 * The task engine on the channel: `desired` goes to the engine, its reports and log batches go
 * to the server. Reports lost with a broken connection need no resending: the next `hello`
 * carries the engine's whole known state. Log batches are not state: each waits in the outbox
 * until the server acknowledges it, and is resent in order after a reconnect (the server
 * ignores a batch it already applied); only then may the engine move its shipping cursor.
 */
export function linkEngine(engine: TaskEngine, options: LinkOptions): ChannelClient {
  const outbox = new Outbox()
  const client: ChannelClient = new ChannelClient({
    ...options,
    knownTasks: () => engine.snapshot(),
    handlers: {
      desired: (message) => engine.setDesired(message.tasks),
      ack: (message) => {
        for (const done of outbox.acknowledge(message.seq)) if (done.type === 'logs') done.batches.forEach((b) => engine.logsAcknowledged(b))
      },
    },
    onConnected: () => outbox.held.forEach((m) => client.send(m)),
  })
  engine.onReport((report: TaskReport) => client.send({ type: 'report', seq: outbox.nextSeq(), tasks: [report] }))
  engine.onLogs((batch: LogBatch) => {
    const message = { type: 'logs' as const, seq: outbox.nextSeq(), batches: [batch] }
    outbox.hold(message)
    client.send(message)
  })
  return client
}
