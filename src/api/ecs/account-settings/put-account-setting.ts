import type { PutAccountSettingRequest, PutAccountSettingResponse } from '../../../core/aws-model/ecs.types.js'
import type { EcsOperation } from '../deps.js'
import { checkSettingValue } from './catalog.js'
import { principalOf } from './principal.js'

/** PutAccountSetting: the value for one principal (the caller unless principalArn names another). */
export const putAccountSetting: EcsOperation<PutAccountSettingRequest, PutAccountSettingResponse> = async (input, deps, ctx) => {
  checkSettingValue(input.name, input.value)
  const principalArn = principalOf(input.principalArn, deps.partition, ctx)
  await deps.store.txn((tx) => tx.accountSettings.put({ principalArn, name: input.name, value: input.value }))
  return { setting: { name: input.name, value: input.value, principalArn, type: 'user' } }
}
