import type { CapacityProviderRecord } from '../core/model/capacity-provider.js'

/** ECS capacity providers (Auto Scaling group ones; FARGATE and FARGATE_SPOT are not stored), by name. */
export interface CapacityProviderReader {
  get(name: string): Promise<CapacityProviderRecord | undefined>
  /** Ordered by name, ACTIVE and INACTIVE alike. */
  list(page: { after?: string | undefined; limit: number }): Promise<CapacityProviderRecord[]>
}

export interface CapacityProviderRepo extends CapacityProviderReader {
  put(provider: CapacityProviderRecord): Promise<void>
}
