import type { UpdateCapacityProviderRequest, UpdateCapacityProviderResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { fillScaling, type CapacityProviderRecord } from '../../../core/model/capacity-provider.js'
import { isFargateProvider } from '../../../core/model/capacity-provider-strategy.js'
import type { EcsOperation } from '../deps.js'
import { checkScalingSettings } from './check-provider.js'
import { providerNameOf } from './provider-ref.js'
import { viewProvider } from './provider-view.js'

/**
 * Changes an ACTIVE provider's managed scaling, termination protection or draining; what the
 * request leaves out keeps its value (the group itself cannot change, as on ECS). Applied at
 * once, so the provider shows updateStatus UPDATE_COMPLETE.
 */
export const updateCapacityProvider: EcsOperation<UpdateCapacityProviderRequest, UpdateCapacityProviderResponse> = async (input, deps) => {
  const name = providerNameOf(input.name, deps.arns)
  if (isFargateProvider(name)) throw EcsErrors.client(`The ${name} capacity provider is managed by AWS and cannot be updated.`)
  const change = input.autoScalingGroupProvider
  if (!change) throw EcsErrors.invalidParameter('An autoScalingGroupProvider is required: Berth has Auto Scaling group capacity providers only.')
  return deps.store.txn(async (tx) => {
    const p = await tx.capacityProviders.get(name)
    if (!p || p.status !== 'ACTIVE') throw EcsErrors.capacityProviderNotFound()
    const current = p.autoScalingGroupProvider
    const updated: CapacityProviderRecord = {
      ...p,
      autoScalingGroupProvider: {
        autoScalingGroupArn: current.autoScalingGroupArn,
        managedScaling: fillScaling(change.managedScaling, current.managedScaling),
        managedTerminationProtection: change.managedTerminationProtection ?? current.managedTerminationProtection,
        managedDraining: change.managedDraining ?? current.managedDraining,
      },
      updateStatus: 'UPDATE_COMPLETE',
    }
    delete updated.updateStatusReason
    checkScalingSettings(updated.autoScalingGroupProvider.managedScaling, updated.autoScalingGroupProvider.managedTerminationProtection)
    await tx.capacityProviders.put(updated)
    return { capacityProvider: viewProvider(updated) }
  })
}
