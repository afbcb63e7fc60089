import type { PutAccountSettingDefaultRequest, PutAccountSettingDefaultResponse } from '../../../core/aws-model/ecs.types.js'
import type { EcsOperation } from '../deps.js'
import { checkSettingValue } from './catalog.js'
import { rootPrincipal } from './principal.js'

/** PutAccountSettingDefault: the root user's value, which every principal without its own inherits. */
export const putAccountSettingDefault: EcsOperation<PutAccountSettingDefaultRequest, PutAccountSettingDefaultResponse> = async (input, deps) => {
  checkSettingValue(input.name, input.value)
  const principalArn = rootPrincipal(deps.partition)
  await deps.store.txn((tx) => tx.accountSettings.put({ principalArn, name: input.name, value: input.value }))
  return { setting: { name: input.name, value: input.value, principalArn, type: 'user' } }
}
