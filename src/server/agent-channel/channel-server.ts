import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { timingSafeEqual } from 'node:crypto'
import { WebSocketServer } from 'ws'
import { AGENT_CHANNEL_PATH } from '../../core/agent-protocol.js'
import { AgentSession, CLOSE, type AgentSessionDeps } from './agent-session.js'

export interface AgentChannelOptions extends Omit<AgentSessionDeps, 'claim' | 'release'> {
  /** Agents must present this as `Authorization: Bearer <token>`; undefined accepts any. */
  joinToken: string | undefined
}

export interface AgentChannel {
  /** The instances whose agents are connected now. */
  connected(): string[]
  close(): Promise<void>
}

/**
 * Serves the agent channel on the API's own port: upgrades requests to AGENT_CHANNEL_PATH
 * into WebSockets, one AgentSession each. A newer session for an instance replaces an older
 * one (an agent that reconnected before the old socket timed out).
 */
export function attachAgentChannel(server: Server, options: AgentChannelOptions): AgentChannel {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024 })
  const sessions = new Map<string, AgentSession>()

  const deps: AgentSessionDeps = {
    ...options,
    claim(arn, session) {
      const old = sessions.get(arn)
      sessions.set(arn, session)
      if (old && old !== session) old.close(CLOSE.replaced, 'replaced by a newer connection')
    },
    release(arn, session) {
      if (sessions.get(arn) !== session) return false
      sessions.delete(arn)
      return true
    },
  }

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0]
    if (path !== AGENT_CHANNEL_PATH) return reject(socket, 404, 'Not Found')
    if (!tokenMatches(req.headers.authorization, options.joinToken)) return reject(socket, 401, 'Unauthorized')
    wss.handleUpgrade(req, socket, head, (ws) => new AgentSession(ws, deps))
  }
  server.on('upgrade', onUpgrade)

  return {
    connected: () => [...sessions.keys()],
    async close() {
      server.off('upgrade', onUpgrade)
      for (const ws of wss.clients) ws.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
    },
  }
}

function tokenMatches(header: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '')
  const want = Buffer.from(token)
  return given.length === want.length && timingSafeEqual(given, want)
}

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`)
}
