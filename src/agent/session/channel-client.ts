import { WebSocket } from 'ws'
import { AGENT_CHANNEL_PATH, AGENT_PROTOCOL_VERSION, type AgentMessage, type ServerMessage, type TaskReport } from '../../core/agent-protocol.js'
import { parseServerMessage } from '../../core/agent-protocol-parse.js'
import { AGENT_HEADERS } from '../../core/agent-credentials.js'
import type { Logger } from '../../core/log.js'

/** One handler per kind of message the server sends; each gets a frame already parsed and checked. */
export type ServerHandlers = {
  [K in ServerMessage['type']]: (message: Extract<ServerMessage, { type: K }>) => void
}

export interface ChannelClientOptions {
  serverUrl: string
  joinToken: string
  /** The secret the server issued for the instance at registration: it alone opens the instance's channel. */
  instanceSecret: string | undefined
  containerInstanceArn: string
  logger: Logger
  heartbeatMs: number
  /** What `hello` carries, read at every connect: every task the agent knows. */
  knownTasks: () => TaskReport[]
  handlers: ServerHandlers
  /** After each connect's `hello`: the moment to resend what waits for an acknowledgement. */
  onConnected?: () => void
  /** Called when the server no longer knows this instance, or no longer takes its secret. */
  onForgotten: () => void
}

/** Close codes of the server (server/agent-channel/agent-session.ts CLOSE). */
const UNKNOWN_INSTANCE = 4004
const REFUSED = 4003

/**
 * The agent's end of the channel, as a transport: keeps one connection up, reconnecting with
 * backoff; sends `hello` on every connect and heartbeats meanwhile; parses every frame the
 * server sends (a malformed one is logged and dropped) and hands it to its kind's handler.
 * What the messages mean is the handlers' business (engine-link.ts, stats/).
 */
export class ChannelClient {
  #ws: WebSocket | undefined
  #stopped = false
  #backoffMs = 250
  #heartbeat: NodeJS.Timeout | undefined
  #connectedOnce: (() => void) | undefined
  readonly connected: Promise<void>

  constructor(private readonly o: ChannelClientOptions) {
    this.connected = new Promise((resolve) => (this.#connectedOnce = resolve))
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

  /** Sends now if connected; otherwise the message is dropped (the caller decides what must be resent). */
  send(message: AgentMessage): boolean {
    if (this.#ws?.readyState !== WebSocket.OPEN) return false
    this.#ws.send(JSON.stringify(message))
    return true
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
      this.send({ type: 'hello', protocol: AGENT_PROTOCOL_VERSION, containerInstanceArn: this.o.containerInstanceArn, tasks: this.o.knownTasks() })
      this.o.onConnected?.()
      clearInterval(this.#heartbeat)
      this.#heartbeat = setInterval(() => this.send({ type: 'heartbeat' }), this.o.heartbeatMs)
      this.#heartbeat.unref()
      this.o.logger.info('channel connected', { server: this.o.serverUrl })
      this.#connectedOnce?.()
    })
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.#receive(data.toString())
    })
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
    const parsed = parseServerMessage(text)
    if (!parsed.ok) {
      this.o.logger.warn('dropped a malformed server frame', { why: parsed.error })
      return
    }
    const message = parsed.message
    try {
      ;(this.o.handlers[message.type] as (m: ServerMessage) => void)(message)
    } catch (error) {
      // A handler's bug must not take the channel down with it: the next `desired` is whole again.
      this.o.logger.error('handling a server message failed', { type: message.type, error })
    }
  }
}
