import type { CapacityProviderStrategy, ClusterConfiguration, ClusterServiceConnectDefaults, ClusterSettings } from '../aws-model/ecs.types.js'

export type ClusterStatus = 'ACTIVE' | 'PROVISIONING' | 'DEPROVISIONING' | 'FAILED' | 'INACTIVE'

/** A cluster as Berth stores it. Counts and statistics are derived when it is described. */
export interface ClusterRecord {
  arn: string
  name: string
  status: ClusterStatus
  settings: ClusterSettings
  configuration?: ClusterConfiguration
  capacityProviders: string[]
  defaultCapacityProviderStrategy: CapacityProviderStrategy
  serviceConnectDefaults?: ClusterServiceConnectDefaults
  /** Epoch milliseconds. */
  createdAt: number
}
