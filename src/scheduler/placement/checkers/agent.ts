import type { Checker } from './checker.js'

/**
 * An instance whose agent is disconnected cannot start anything; ECS rejects it at once
 * ("AGENT") rather than let the task wait for the agent.
 */
export const checkAgent: Checker = (s, i) => (s.instance(i).agentConnected ? undefined : 'agent-disconnected')
