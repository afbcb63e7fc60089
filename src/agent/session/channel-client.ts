import { WebSocket } from 'ws'
import {
  AGENT_CHANNEL_PATH,
  AGENT_PROTOCOL_VERSION,
  type AgentMessage,
  type LogBatch,
  type ServerMessage,
  type TaskReport,
} from '../../core/agent-protocol.js'
import { AGENT_HEADERS } from '../../core/agent-credentials.js'
import type { Logger } from '../../core/log.js'
import type { TaskEngine } from '../engine/engine.js'

export interface ChannelClientOptions {
  serverUrl: string
  joinToken: string
  /** The secret the server issued for the instance at registration: it alone opens the instance's channel. */
  instanceSecret: string | undefined
  containerInstanceArn: string
  engine: TaskEngine
  logger: Logger
  heartbeatMs: number
  /** Called when the server no longer knows this instance, or no longer takes its secret. */
  onForgotten: () => void
}

/** Close codes of the server (server/agent-channel/agent-session.ts CLOSE). */
const UNKNOWN_INSTANCE = 4004
const REFUSED = 4003

/**
 * The agent's end of the channel. Keeps one connection up, reconnecting with backoff. On every
 * connect it sends `hello` with the engine's whole known state, so reports lost with a broken
 * connection need no resending: hello supersedes them. Log batches are not state: each stays
 * in the outbox until the server acknowledges it, and is resent in order after a reconnect
 * (the server ignores a batch it already applied).
 */
export class ChannelClient {
  #ws: WebSocket | undefined
  #seq = 0
  #outbox: { seq: number; message: AgentMessage }[] = []
  #stopped = false
  #backoffMs = 250
  #heartbeat: NodeJS.Timeout | undefined
  #connectedOnce: (() => void) | undefined
  readonly connected: Promise<void>

  constructor(private readonly o: ChannelClientOptions) {
    this.connected = new Promise((resolve) => (this.#connectedOnce = resolve))
    o.engine.onReport((report) => this.#sendReport(report))
    o.engine.onLogs((batch) => this.#sendLogs(batch))
  }

  start(): void {
    this.#connect()
  }

  async stop(): Promise<void> {
    this.#stopped = true
    clearInterval(this.#heartbeat)
    const ws = this.#ws
    if (!ws || ws.readyState === WebSocket.CLOSED) return
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve())
      ws.close(1000, 'agent stopping')
      setTimeout(() => (ws.terminate(), resolve()), 2_000).unref()
    })
  }

  /** Log batches sent but not yet acknowledged. */
  get pendingLogBatches(): number {
    return this.#outbox.length
  }

  #connect(): void {
    if (this.#stopped) return
    const url = this.o.serverUrl.replace(/^http/, 'ws') + AGENT_CHANNEL_PATH
    const headers = {
      [AGENT_HEADERS.joinToken]: this.o.joinToken,
      ...(this.o.instanceSecret ? { [AGENT_HEADERS.instanceSecret]: this.o.instanceSecret } : {}),
    }
    const ws = new WebSocket(url, { headers })
    this.#ws = ws
    ws.on('open', () => {
      this.#backoffMs = 250
      this.#send({ type: 'hello', protocol: AGENT_PROTOCOL_VERSION, containerInstanceArn: this.o.containerInstanceArn, tasks: this.o.engine.snapshot() })
      for (const { message } of this.#outbox) this.#send(message)
      clearInterval(this.#heartbeat)
      this.#heartbeat = setInterval(() => this.#send({ type: 'heartbeat' }), this.o.heartbeatMs)
      this.#heartbeat.unref()
      this.o.logger.info('channel connected', { server: this.o.serverUrl })
      this.#connectedOnce?.()
    })
    ws.on('message', (data) => this.#receive(data.toString()))
    ws.on('unexpected-response', (_req, res) => {
      // 401: not this server's join token. Retried, slowly: the operator may fix either end.
      const why = res.statusCode === 401 ? "the join token (BERTH_JOIN_TOKEN) is not the server's" : undefined
      this.o.logger.error('the server refused the channel', { status: res.statusCode, ...(why ? { why } : {}) })
      ws.terminate()
    })
    ws.on('error', () => undefined) // 'close' follows and reconnects
    ws.on('close', (code, reason) => {
      clearInterval(this.#heartbeat)
      if (this.#stopped) return
      if (code === UNKNOWN_INSTANCE) {
        this.o.logger.error('the server does not know this container instance (deregistered?)')
        this.o.onForgotten()
        return
      }
      if (code === REFUSED) {
        // Nothing this agent can send will change the answer; started again, it registers anew.
        this.o.logger.error('the server refused this container instance\'s secret', { reason: reason.toString() })
        this.o.onForgotten()
        return
      }
      const wait = this.#backoffMs * (0.5 + Math.random())
      this.#backoffMs = Math.min(this.#backoffMs * 2, 5_000)
      setTimeout(() => this.#connect(), wait).unref()
    })
  }

  #receive(text: string): void {
    let message: ServerMessage
    try {
      message = JSON.parse(text) as ServerMessage
    } catch {
      return
    }
    if (message.type === 'desired') this.o.engine.setDesired(message.tasks)
    else if (message.type === 'ack') {
      // The server handles messages in order: an ack for seq N covers everything up to N.
      const done = this.#outbox.filter((m) => m.seq <= message.seq)
      this.#outbox = this.#outbox.filter((m) => m.seq > message.seq)
      for (const { message: sent } of done) if (sent.type === 'logs') sent.batches.forEach((b) => this.o.engine.logsAcknowledged(b))
    }
  }

  #sendReport(report: TaskReport): void {
    this.#send({ type: 'report', seq: ++this.#seq, tasks: [report] })
  }

  #sendLogs(batch: LogBatch): void {
    const message: AgentMessage = { type: 'logs', seq: ++this.#seq, batches: [batch] }
    this.#outbox.push({ seq: message.seq, message })
    this.#send(message)
  }

  #send(message: AgentMessage): void {
    if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.send(JSON.stringify(message))
  }
}
