import type { PlatformDevice, Resource, VersionInfo } from '../aws-model/ecs.types.js'
import type { InstanceAttribute } from './attribute.js'

/** INACTIVE is what a deregistered instance becomes; the wire filter enum lacks it. */
export type ContainerInstanceStatus = 'REGISTERING' | 'REGISTRATION_FAILED' | 'ACTIVE' | 'DRAINING' | 'DEREGISTERING' | 'INACTIVE'

/**
 * A container instance as Berth stores it. remainingResources and task counts are derived
 * from the tasks placed on it, never stored (one source of truth).
 */
export interface ContainerInstanceRecord {
  arn: string
  id: string
  clusterArn: string
  ec2InstanceId?: string
  /**
   * Where the host's published ports are reached: the identity document's `privateIp` (the
   * agent's BERTH_ADVERTISE_IP). A load balancer's `instance` targets on this host resolve to it.
   */
  privateIpAddress?: string
  status: ContainerInstanceStatus
  statusReason?: string
  agentConnected: boolean
  /** When the agent's channel last closed (epoch ms); absent while it is connected. The agent channel writes both. */
  agentDisconnectedAt?: number
  /** Increments on every change, as ECS's `version` does. */
  version: number
  versionInfo: VersionInfo
  registeredResources: Resource[]
  /** All attributes: the agent's, ECS's and custom ones (PutAttributes). */
  attributes: InstanceAttribute[]
  platformDevices?: PlatformDevice[]
  /** Epoch milliseconds. */
  registeredAt: number
  /**
   * SHA-256 (hex) of the instance secret its agent was issued (core/agent-credentials.ts).
   * Written only by a registration that carried the join token; never in any API view.
   * Absent: the instance was registered through the plain API, and no agent may open its
   * channel until one registers it with the join token.
   */
  agentSecretHash?: string
}
