import { WebSocket } from 'ws'
import { AGENT_CHANNEL_PATH, type ServerMessage } from '../core/agent-protocol.js'

/**
 * A scripted peer on the agent channel: a raw WebSocket that queues what the server sends.
 * It presents whatever headers a test gives it, so it can play a real agent or an impostor.
 */
export class ChannelPeer {
  readonly inbox: ServerMessage[] = []
  /** The close code and reason, once the socket closed. */
  closedWith: { code: number; reason: string } | undefined
  #waiters: (() => void)[] = []

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.inbox.push(JSON.parse(d.toString()) as ServerMessage)
      this.#wake()
    })
    ws.on('close', (code, reason) => {
      this.closedWith = { code, reason: reason.toString() }
      this.#wake()
    })
  }

  /** Opens the channel; rejects with `HTTP <status>: <body>` when the server refuses the upgrade. */
  static connect(endpoint: string, headers: Record<string, string>): Promise<ChannelPeer> {
    const ws = new WebSocket(endpoint.replace(/^http/, 'ws') + AGENT_CHANNEL_PATH, { headers })
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new ChannelPeer(ws)))
      ws.once('unexpected-response', (_req, res) => {
        let body = ''
        res.setEncoding('utf8').on('data', (s: string) => (body += s))
        res.on('end', () => reject(new Error(`HTTP ${res.statusCode}: ${body}`)))
      })
      ws.once('error', reject)
    })
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message))
  }

  /** Waits for the next message of `type`; fails if the socket closes first or 5 s pass. */
  async next<T extends ServerMessage['type']>(type: T): Promise<Extract<ServerMessage, { type: T }>> {
    const outcome = await this.nextOrClose(type)
    if ('code' in outcome) throw new Error(`the channel closed (${outcome.code} ${outcome.reason}) before a ${type} message`)
    return outcome
  }

  /** The next message of `type`, or how the socket closed, whichever comes first. */
  async nextOrClose<T extends ServerMessage['type']>(type: T): Promise<Extract<ServerMessage, { type: T }> | { code: number; reason: string }> {
    for (;;) {
      const i = this.inbox.findIndex((m) => m.type === type)
      if (i >= 0) return this.inbox.splice(i, 1)[0] as Extract<ServerMessage, { type: T }>
      if (this.closedWith) return this.closedWith
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`neither a ${type} message nor a close within 5 s`)), 5_000)
        this.#waiters.push(() => (clearTimeout(timer), resolve()))
      })
    }
  }

  /** Resolves with the close code once the socket is closed. */
  async closed(): Promise<number> {
    while (!this.closedWith) await new Promise<void>((resolve) => this.#waiters.push(resolve))
    return this.closedWith.code
  }

  #wake(): void {
    this.#waiters.splice(0).forEach((w) => w())
  }
}
