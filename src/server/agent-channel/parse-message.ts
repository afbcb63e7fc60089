import type { AgentMessage, ContainerReport, TaskReport } from '../../core/agent-protocol.js'
import { TASK_STATUS, type TaskStatus } from '../../core/status.js'

/** Parses one frame from an agent; anything malformed is undefined and the frame is dropped. */
export function parseAgentMessage(text: string): AgentMessage | undefined {
  let m: unknown
  try {
    m = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isObject(m)) return undefined
  switch (m['type']) {
    case 'heartbeat':
      return { type: 'heartbeat' }
    case 'hello':
      if (typeof m['containerInstanceArn'] !== 'string' || m['protocol'] !== 1 || !isReports(m['tasks'])) return undefined
      return { type: 'hello', protocol: 1, containerInstanceArn: m['containerInstanceArn'], tasks: m['tasks'] }
    case 'report':
      if (!isSeq(m['seq']) || !isReports(m['tasks'])) return undefined
      return { type: 'report', seq: m['seq'], tasks: m['tasks'] }
    case 'logs':
      if (!isSeq(m['seq']) || !Array.isArray(m['batches'])) return undefined
      return m as unknown as AgentMessage
    default:
      return undefined
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
const isReports = (v: unknown): v is TaskReport[] => Array.isArray(v) && v.every(isReport)
const isReport = (v: unknown): v is TaskReport =>
  isObject(v) &&
  typeof v['taskArn'] === 'string' &&
  TASK_STATUS.includes(v['knownStatus'] as TaskStatus) &&
  Array.isArray(v['containers']) &&
  v['containers'].every(isContainerReport)
const isContainerReport = (v: unknown): v is ContainerReport =>
  isObject(v) && typeof v['name'] === 'string' && ['PENDING', 'RUNNING', 'STOPPED'].includes(v['status'] as string)
