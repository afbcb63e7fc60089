import type { PlatformDevice, Resource, VersionInfo } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { isCustomAttribute, type InstanceAttribute } from '../../../core/model/attribute.js'
import type { ContainerInstanceRecord } from '../../../core/model/container-instance.js'
import { fakeEc2InstanceId, type InstanceIdentity } from './registration.js'

/** What one RegisterContainerInstance call says about the host, checked. */
export interface Registration {
  resources: Resource[]
  attributes: InstanceAttribute[]
  versionInfo: VersionInfo
  platformDevices: PlatformDevice[] | undefined
  identity: InstanceIdentity
}

/**
 * A first registration: ACTIVE at once (ECS passes through REGISTERING only for ENI
 * trunking, which Berth does not have). `agentConnected` starts false: the agent channel,
 * its only writer, sets it when the agent connects.
 */
export function newInstanceRecord(
  reg: Registration,
  at: { id: string; arn: string; clusterArn: string; now: number },
): ContainerInstanceRecord {
  return {
    arn: at.arn,
    id: at.id,
    clusterArn: at.clusterArn,
    ec2InstanceId: reg.identity.instanceId ?? fakeEc2InstanceId(at.arn),
    ...(reg.identity.privateIp !== undefined ? { privateIpAddress: reg.identity.privateIp } : {}),
    status: 'ACTIVE',
    agentConnected: false,
    version: 1,
    versionInfo: reg.versionInfo,
    registeredResources: reg.resources,
    attributes: reg.attributes,
    ...(reg.platformDevices ? { platformDevices: reg.platformDevices } : {}),
    registeredAt: at.now,
  }
}

/**
 * A re-registration, as the ECS agent makes on every restart with the ARN it saved. The
 * instance keeps its id, status (a DRAINING instance stays DRAINING), registration time,
 * connection state and custom attributes (the agent sends those only the first time). What
 * the host reports now replaces its resources, version info, and ECS and agent attributes.
 *
 * Refused, as on ECS, for a deregistered instance (deregistration is final) and when the
 * instance type changed.
 */
export function reregisteredRecord(previous: ContainerInstanceRecord, reg: Registration): ContainerInstanceRecord {
  if (previous.status === 'INACTIVE') throw EcsErrors.containerInstanceInactive(previous.arn)
  const typeBefore = valueOf(previous.attributes, 'ecs.instance-type')
  const typeNow = valueOf(reg.attributes, 'ecs.instance-type')
  if (typeBefore !== undefined && typeNow !== undefined && typeBefore !== typeNow) throw EcsErrors.containerInstanceTypeChanged()
  const keptCustom = previous.attributes.filter((a) => isCustomAttribute(a.name) && !has(reg.attributes, a.name))
  const { platformDevices: _old, ...rest } = previous
  return {
    ...rest,
    ec2InstanceId: reg.identity.instanceId ?? previous.ec2InstanceId ?? fakeEc2InstanceId(previous.arn),
    ...(reg.identity.privateIp !== undefined ? { privateIpAddress: reg.identity.privateIp } : {}),
    version: previous.version + 1,
    versionInfo: reg.versionInfo,
    registeredResources: reg.resources,
    attributes: [...reg.attributes, ...keptCustom],
    ...(reg.platformDevices ? { platformDevices: reg.platformDevices } : {}),
  }
}

const has = (attributes: readonly InstanceAttribute[], name: string) => attributes.some((a) => a.name === name)
const valueOf = (attributes: readonly InstanceAttribute[], name: string) => attributes.find((a) => a.name === name)?.value
