import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { agentCredentialsOf, joinTokenMatches } from '../../core/agent-credentials.js'
import { AGENT_CHANNEL_PATH } from '../../core/agent-protocol.js'
import { AgentSession, CLOSE, type AgentSessionDeps } from './agent-session.js'

export interface AgentChannelOptions extends Omit<AgentSessionDeps, 'claim' | 'release'> {
  /** Agents must present it in `x-berth-join-token` to open the channel at all (core/agent-credentials.ts). */
  joinToken: string
}

export interface AgentChannel {
  /** The instances whose agents are connected now. */
  connected(): string[]
  close(): Promise<void>
}

/**
 * Serves the agent channel on the API's own port: upgrades requests to AGENT_CHANNEL_PATH
 * into WebSockets, one AgentSession each. Only a request with the join token is upgraded; its
 * instance secret is checked against the instance its `hello` names (agent-session.ts), so a
 * newer session replaces an older one (an agent that reconnected before the old socket timed
 * out) only when it holds that instance's secret.
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
    const given = agentCredentialsOf(req.headers)
    const from = req.socket.remoteAddress ?? 'unknown'
    if (!joinTokenMatches(given.joinToken, options.joinToken)) {
      options.logger.warn('agent channel refused', { reason: given.joinToken ? 'wrong join token' : 'no join token', from })
      return reject(socket, 401, 'Unauthorized', "The agent channel needs this server's join token in x-berth-join-token.")
    }
    wss.handleUpgrade(req, socket, head, (ws) => new AgentSession(ws, deps, { instanceSecret: given.instanceSecret, from }))
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

function reject(socket: Duplex, status: number, text: string, body = ''): void {
  const bytes = Buffer.byteLength(body)
  socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${bytes}\r\n\r\n${body}`)
}
