import { createCapacityProvider } from './create-capacity-provider.js'
import { deleteCapacityProvider } from './delete-capacity-provider.js'
import { describeCapacityProviders } from './describe-capacity-providers.js'
import { updateCapacityProvider } from './update-capacity-provider.js'

export const capacityProviderOperations = {
  CreateCapacityProvider: createCapacityProvider,
  DescribeCapacityProviders: describeCapacityProviders,
  UpdateCapacityProvider: updateCapacityProvider,
  DeleteCapacityProvider: deleteCapacityProvider,
}
