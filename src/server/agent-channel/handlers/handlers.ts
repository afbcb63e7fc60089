import type { AgentMessage } from '../../../core/agent-protocol.js'

/** What a handler may do on the session that read the frame: it is past `hello`, so it knows its instance. */
export interface SessionContext {
  readonly instanceArn: string
  /** Acknowledges `seq` to the agent (after the message is committed). */
  ack(seq: number): void
}

/** The kinds a session hands on once `hello` made it the instance's; hello itself is the session's own. */
export type HandledKind = Exclude<AgentMessage['type'], 'hello'>

/**
 * One handler per message kind. The session runs them one at a time, in the order the frames
 * arrived, each with a frame already parsed and checked (core/agent-protocol-parse.ts).
 */
export type AgentHandlers = {
  [K in HandledKind]: (message: Extract<AgentMessage, { type: K }>, session: SessionContext) => Promise<void> | void
}

/** Calls the handler of `message`'s kind. */
export function dispatchAgentMessage(handlers: AgentHandlers, message: Extract<AgentMessage, { type: HandledKind }>, session: SessionContext): Promise<void> | void {
  const handle = handlers[message.type] as (m: typeof message, s: SessionContext) => Promise<void> | void
  return handle(message, session)
}
