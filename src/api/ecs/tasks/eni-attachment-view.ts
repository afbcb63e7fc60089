import type { Attachment, KeyValuePair, NetworkInterface } from '../../../core/aws-model/ecs.types.js'
import { eniAttachmentStatus, eniIds, privateDnsName } from '../../../core/model/task-eni.js'
import type { TaskRecord } from '../../../core/model/task.js'

type EniTask = Pick<TaskRecord, 'arn' | 'lastStatus' | 'networkMode' | 'networkConfiguration' | 'networkInterface'>

/**
 * An awsvpc task's `attachments` as ECS shows them: one ElasticNetworkInterface whose details
 * are, in ECS's order, subnetId (the first subnet of the task's network configuration, when it
 * gave one), then once the interface has an address networkInterfaceId, macAddress,
 * privateDnsName and privateIPv4Address. Other tasks have none.
 */
export function viewTaskAttachments(t: EniTask): Attachment[] {
  if (t.networkMode !== 'awsvpc') return []
  const { attachmentId, networkInterfaceId } = eniIds(t.arn)
  const details: KeyValuePair[] = []
  const subnet = t.networkConfiguration?.awsvpcConfiguration?.subnets?.[0]
  if (subnet !== undefined) details.push({ name: 'subnetId', value: subnet })
  const nic = t.networkInterface
  if (nic) {
    details.push({ name: 'networkInterfaceId', value: networkInterfaceId })
    if (nic.macAddress !== undefined) details.push({ name: 'macAddress', value: nic.macAddress })
    details.push({ name: 'privateDnsName', value: privateDnsName(nic.privateIpv4Address, regionOf(t.arn)) })
    details.push({ name: 'privateIPv4Address', value: nic.privateIpv4Address })
  }
  return [{ id: attachmentId, type: 'ElasticNetworkInterface', status: eniAttachmentStatus(t), details }]
}

/** Each container's `networkInterfaces`: the task's interface once it has an address (awsvpc only). */
export function viewContainerNetworkInterfaces(t: EniTask): NetworkInterface[] {
  if (t.networkMode !== 'awsvpc' || !t.networkInterface) return []
  return [{ attachmentId: eniIds(t.arn).attachmentId, privateIpv4Address: t.networkInterface.privateIpv4Address }]
}

/** `arn:aws:ecs:<region>:<account>:task/...` → the region. */
const regionOf = (arn: string): string => arn.split(':')[3] ?? 'us-east-1'
