import type { CreateCapacityProviderRequest, CreateCapacityProviderResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { autoScalingGroupNameOf, withProviderDefaults, type CapacityProviderRecord } from '../../../core/model/capacity-provider.js'
import type { ReadTx } from '../../../state/store.js'
import type { EcsOperation } from '../deps.js'
import { checkTags } from '../tags/check-tags.js'
import { checkGroupRef, checkProviderName, checkScalingSettings } from './check-provider.js'
import { viewProvider } from './provider-view.js'

/**
 * An Auto Scaling group capacity provider, ACTIVE at once (there is no group to wait for):
 * the settings echoed with ECS's defaults. A name an ACTIVE provider has, or a group another
 * ACTIVE provider names, is refused with ECS's ClientException; a deleted (INACTIVE) one's
 * name can be used again.
 */
export const createCapacityProvider: EcsOperation<CreateCapacityProviderRequest, CreateCapacityProviderResponse> = async (input, deps) => {
  checkProviderName(input.name)
  if (!input.autoScalingGroupProvider) {
    throw EcsErrors.invalidParameter('An autoScalingGroupProvider is required: Berth has Auto Scaling group capacity providers only.')
  }
  const group = checkGroupRef(input.autoScalingGroupProvider)
  const settings = withProviderDefaults(input.autoScalingGroupProvider)
  checkScalingSettings(settings.managedScaling, settings.managedTerminationProtection)
  const tags = checkTags(input.tags ?? [])
  return deps.store.txn(async (tx) => {
    const existing = await tx.capacityProviders.get(input.name)
    if (existing?.status === 'ACTIVE') {
      throw EcsErrors.client('The specified capacity provider already exists. To change the configuration of an existing capacity provider, update the capacity provider.')
    }
    if (await groupTaken(tx, group)) {
      throw EcsErrors.client('The specified Auto Scaling group ARN is already being used by another capacity provider. Specify a unique Auto Scaling group ARN and try again.')
    }
    const provider: CapacityProviderRecord = {
      arn: deps.arns.capacityProvider(input.name),
      name: input.name,
      status: 'ACTIVE',
      autoScalingGroupProvider: settings,
      createdAt: deps.clock.now(),
    }
    await tx.capacityProviders.put(provider)
    const old = await tx.tags.get(provider.arn)
    await tx.tags.remove(provider.arn, old.map((t) => t.key))
    await tx.tags.put(provider.arn, tags)
    return { capacityProvider: viewProvider(provider, tags) }
  })
}

/** Whether an ACTIVE provider already names this group (by ARN or by name). */
async function groupTaken(tx: ReadTx, group: string): Promise<boolean> {
  return (await activeProviders(tx)).some((p) => autoScalingGroupNameOf(p.autoScalingGroupProvider.autoScalingGroupArn) === group)
}

/** Every ACTIVE provider; an account has few (ECS allows 10 per cluster). */
export async function activeProviders(tx: ReadTx): Promise<CapacityProviderRecord[]> {
  const out: CapacityProviderRecord[] = []
  let after: string | undefined
  for (;;) {
    const page = await tx.capacityProviders.list({ after, limit: 100 })
    out.push(...page.filter((p) => p.status === 'ACTIVE'))
    if (page.length < 100) return out
    after = page[page.length - 1]!.name
  }
}
