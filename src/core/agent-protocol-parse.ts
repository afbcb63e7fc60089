import type { AgentMessage, ServerMessage } from './agent-protocol.js'
import { anyObject, arrayOf, bool, count, ipv4, isRecord, macAddress, nonNegative, num, oneOf, shape, str, stringMap, type Check } from './shape-check.js'
import { TASK_STATUS } from './status.js'

/**
 * Every frame of the agent channel is parsed here before anyone acts on it, in both
 * directions: the server parses what agents send, the agent what the server sends. A frame
 * that is not JSON, names an unknown kind, or does not fit its kind is refused with the reason
 * (the receiver logs it and drops the frame); nothing downstream sees an unchecked field.
 *
 * Checks cover every field a receiver reads. Members a receiver does not read pass unchecked
 * (a newer peer may send more), and a DesiredTask's task definition is checked as far as the
 * agent depends on it (names and images of its containers): it was validated by
 * RegisterTaskDefinition before it was stored.
 */
export type Parsed<M> = { ok: true; message: M } | { ok: false; error: string }

const HEALTH = ['HEALTHY', 'UNHEALTHY', 'UNKNOWN'] as const
const STOP_CODES = ['TaskFailedToStart', 'EssentialContainerExited', 'UserInitiated', 'ServiceSchedulerInitiated', 'SpotInterruption', 'TerminationNotice'] as const

const networkBinding = shape({}, { bindIP: str, containerPort: num, hostPort: num, protocol: oneOf(['tcp', 'udp']) })

const containerReport = shape(
  { name: str, status: oneOf(['PENDING', 'RUNNING', 'STOPPED']) },
  { runtimeId: str, imageDigest: str, exitCode: num, reason: str, networkBindings: arrayOf(networkBinding), healthStatus: oneOf(HEALTH) },
)

const taskReport = shape(
  { taskArn: str, knownStatus: oneOf(TASK_STATUS), containers: arrayOf(containerReport) },
  {
    healthStatus: oneOf(HEALTH),
    // Epoch milliseconds: any non-negative number (a fraction would be harmless, refusing the report would not).
    pullStartedAt: nonNegative,
    pullStoppedAt: nonNegative,
    startedAt: nonNegative,
    executionStoppedAt: nonNegative,
    stopCode: oneOf(STOP_CODES),
    stoppedReason: str,
    networkInterface: shape({ privateIpv4Address: ipv4 }, { macAddress }),
  },
)

const logBatch = shape(
  { logGroupName: str, logStreamName: str, createGroup: bool, events: arrayOf(shape({ timestamp: num, message: str })) },
  { firstSequence: count },
)

const taskStats = shape({
  taskArn: str,
  containers: arrayOf(shape({ name: str, timestamp: nonNegative, cpuUnits: nonNegative, memoryBytes: nonNegative })),
})

const AGENT_KINDS: Record<AgentMessage['type'], Check> = {
  hello: shape({ protocol: oneOf([1]), containerInstanceArn: str, tasks: arrayOf(taskReport) }),
  report: shape({ seq: count, tasks: arrayOf(taskReport) }),
  logs: shape({ seq: count, batches: arrayOf(logBatch) }),
  stats: shape({ tasks: arrayOf(taskStats) }),
  heartbeat: anyObject,
}

const desiredTask = shape({
  taskArn: str,
  clusterName: str,
  desiredStatus: oneOf(['RUNNING', 'STOPPED']),
  taskDefinition: shape({ containerDefinitions: arrayOf(shape({ name: str, image: str })) }),
  overrides: shape({}, { containerOverrides: arrayOf(shape({ name: str })) }),
  containers: arrayOf(shape({ name: str, containerArn: str })),
  version: count,
}, {
  launchType: oneOf(['EC2', 'FARGATE']),
  resolved: arrayOf(shape({ name: str }, { fileEnvironment: stringMap, secretEnvironment: stringMap, registryAuth: shape({ username: str, password: str }) })),
  initError: str,
  taskRole: shape({ roleArn: str, accessKeyId: str, secretAccessKey: str }, { sessionToken: str }),
})

const SERVER_KINDS: Record<ServerMessage['type'], Check> = {
  desired: shape({ tasks: arrayOf(desiredTask) }),
  ack: shape({ seq: count }),
}

/** A frame an agent sent, as the server reads it. */
export const parseAgentMessage = (text: string): Parsed<AgentMessage> => parseFrame<AgentMessage>(text, AGENT_KINDS)

/** A frame the server sent, as the agent reads it. */
export const parseServerMessage = (text: string): Parsed<ServerMessage> => parseFrame<ServerMessage>(text, SERVER_KINDS)

function parseFrame<M extends { type: string }>(text: string, kinds: Record<M['type'], Check>): Parsed<M> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, error: 'not JSON' }
  }
  if (!isRecord(value)) return { ok: false, error: 'not a JSON object' }
  const type = value['type']
  if (typeof type !== 'string' || !Object.hasOwn(kinds, type)) return { ok: false, error: `unknown message type ${JSON.stringify(type)}` }
  const why = kinds[type as M['type']](value, type)
  return why ? { ok: false, error: why } : { ok: true, message: value as unknown as M }
}
