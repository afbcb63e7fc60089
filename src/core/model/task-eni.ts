import { createHash } from 'node:crypto'
import type { TaskRecord } from './task.js'

/**
 * An awsvpc task's elastic network interface, as ECS names and shows it (pure). Berth has no
 * ENIs: the interface is the task's holder container on Docker's network, whose address and
 * MAC its agent reports (TaskRecord.networkInterface). Its ids are derived from the task ARN,
 * so they are stable over restarts and need no writer of their own:
 *   - the attachment id, a UUID as ECS's are (`a1b2c3d4-...`, version 4 and RFC 4122 variant bits);
 *   - the interface id, `eni-` and 17 hex digits as EC2's are.
 */
export interface EniIds {
  attachmentId: string
  networkInterfaceId: string
}

export function eniIds(taskArn: string): EniIds {
  const h = createHash('sha256').update(`berth-eni:${taskArn}`).digest('hex')
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)
  const attachmentId = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
  return { attachmentId, networkInterfaceId: `eni-${h.slice(32, 49)}` }
}

/**
 * The attachment's status following the task's, as ECS shows a task's ENI: PRECREATED until
 * the interface has an address, ATTACHED while the task has it, DELETED once the task stopped.
 */
export type EniAttachmentStatus = 'PRECREATED' | 'ATTACHED' | 'DELETED'

export function eniAttachmentStatus(t: Pick<TaskRecord, 'lastStatus' | 'networkInterface'>): EniAttachmentStatus {
  if (t.lastStatus === 'STOPPED') return 'DELETED'
  return t.networkInterface ? 'ATTACHED' : 'PRECREATED'
}

/** EC2's private DNS name of an address: `ip-10-0-1-23.<region>.compute.internal`. */
export const privateDnsName = (ipv4: string, region: string): string => `ip-${ipv4.replaceAll('.', '-')}.${region}.compute.internal`
